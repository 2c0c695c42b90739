import "server-only";
import en from "@/lib/i18n/messages/en.json";
import type { VersionView } from "./queries";

const reasons = en.imageErrors as Record<string, string>;

/** An image as the REST API shows it to pipelines. */
export function imageToJson(image: { id: string; name: string; kind: string; versions: VersionView[] }) {
  return {
    id: image.id,
    name: image.name,
    kind: image.kind,
    versions: image.versions.map((v) => ({
      version: v.version,
      status: v.status,
      failureCode: v.failureCode,
      failureReason: v.failureCode ? (reasons[v.failureCode] ?? v.failureCode).replace("{detail}", v.failureDetail ?? "") : null,
      size: v.size,
      unpackedSize: v.unpackedSize,
      sha256: v.sha256,
      repoTags: v.repoTags ?? [],
      os: v.os,
      architecture: v.architecture,
      uploadedAt: v.createdAt.toISOString(),
      linkedSpecs: v.linkedSpecs.map((s) => ({ application: s.applicationName, spec: s.specName, applicationId: s.applicationId, specId: s.specId })),
    })),
  };
}
