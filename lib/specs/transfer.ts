import "server-only";
import type { Spec, User } from "@/db/schema";
import { getApplicationOrThrow } from "@/lib/applications/queries";
import { assertRole } from "@/lib/auth/roles";
import { getSpecOrThrow } from "./queries";
import { createSpec } from "./service";
import { parseSpecFile, SPEC_FORMAT_VERSION, toSpecFile } from "./spec-file";
import { buildZip, readSpecJsonFromZip, SPEC_FILE } from "./zip";

const README = `# Stagecraft spec export

${SPEC_FILE} describes one spec of an application: its fields, price plan and dependency graph,
format version ${SPEC_FORMAT_VERSION}. Image references are "name:version" of the owner's images,
never database ids. Import it with "导入" on an application's specs tab or with
POST /api/v1/applications/{id}/specs/import (multipart field "file"). The format is documented in
docs/spec-format.md of Stagecraft.
`;

/** Characters that file systems refuse in names become "_". */
const safeFileName = (text: string) => text.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").trim() || "spec";

/** `<application>-<spec>.zip` with spec.json and a short README. */
export async function exportSpec(user: User, specId: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  assertRole(user, "isv", "isvOnlyApps");
  const { spec, application } = getSpecOrThrow(user.id, specId);
  const bytes = await buildZip({ [SPEC_FILE]: toSpecFile(spec), "README.md": README });
  return { fileName: `${safeFileName(application.name)}-${safeFileName(spec.name)}.zip`, bytes };
}

/**
 * Creates a draft spec in one of the owner's applications from an exported zip. Image references
 * are re-linked to the importer's own images; those that match none are listed on the spec.
 */
export async function importSpec(user: User, applicationId: string, bytes: Uint8Array, options: { name?: string } = {}): Promise<Spec> {
  assertRole(user, "isv", "isvOnlyApps");
  getApplicationOrThrow(user.id, applicationId);
  const input = parseSpecFile(await readSpecJsonFromZip(bytes));
  return createSpec(user, applicationId, { ...input, ...(options.name ? { name: options.name } : {}) });
}
