// The seed's naming rule, shared by the upload widget (checked before any byte is sent) and the
// server (checked again when the upload is created). No server-only imports: the browser uses it.
import type { ImageKind } from "@/db/enums";

export const MAX_ARCHIVE_BYTES = 2 * 1024 ** 3;
/** Lowercase letters, digits, "-" and "."; starts with a letter or digit; at most 128 characters. */
const NAME = "[a-z0-9][a-z0-9.-]{0,127}";
/** An optional "v" and two to four dot-separated numbers: v1.0, 1.0.1, v2.3.4.5. */
const VERSION = "v?\\d{1,9}(?:\\.\\d{1,9}){1,3}";

const DOCKER = new RegExp(`^docker_(${NAME})_(${VERSION})\\.(tar|tar\\.gz)$`);
const VM = new RegExp(`^vm_(${NAME})_(${VERSION})\\.(qcow2|raw|vmdk|ova)$`);

export type ArchiveFormat = "tar" | "tar.gz" | "qcow2" | "raw" | "vmdk" | "ova";
export type ParsedFileName = { kind: ImageKind; name: string; version: string; format: ArchiveFormat };

/** Name, version and format from a file name, or null when it breaks the rule. */
export function parseImageFileName(fileName: string): ParsedFileName | null {
  const docker = DOCKER.exec(fileName);
  if (docker) return { kind: "docker", name: docker[1], version: docker[2], format: docker[3] as ArchiveFormat };
  const vm = VM.exec(fileName);
  if (vm) return { kind: "vm", name: vm[1], version: vm[2], format: vm[3] as ArchiveFormat };
  return null;
}
