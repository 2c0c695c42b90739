import "server-only";
import { withinRateLimit } from "@/lib/auth/api-limits";
import { setRequestRoute } from "@/lib/log/logger.mjs";
import { authenticatePuller, presentedSecret, type Puller } from "./auth";
import { fileRangeStream, openFile } from "./blob-stream";
import { OCI_MANIFEST } from "@/lib/images/archive/manifest";
import { findRepository, listServableVersions, type ServableVersion } from "./queries";
import { API_VERSION_HEADER, registryError } from "./responses";

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[\w][\w.-]{0,127}$/;

type Route =
  | { kind: "base" }
  | { kind: "manifest" | "blob"; name: string[]; ref: string }
  | { kind: "tags"; name: string[] }
  | { kind: "unknown" };

/** Each route's path template, for the request log and metrics: names and digests stay out of them. */
const TEMPLATES: Record<Route["kind"], string> = {
  base: "/v2/",
  manifest: "/v2/[name]/manifests/[reference]",
  blob: "/v2/[name]/blobs/[digest]",
  tags: "/v2/[name]/tags/list",
  unknown: "/v2/[unknown]",
};

function route(pathname: string): Route {
  let parts: string[];
  try {
    parts = pathname.replace(/^\/v2\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return { kind: "unknown" }; // a malformed %-escape
  }
  if (parts.length === 0) return { kind: "base" };
  const [last, beforeLast] = [parts.at(-1)!, parts.at(-2)];
  if (beforeLast === "manifests") return { kind: "manifest", name: parts.slice(0, -2), ref: last };
  if (beforeLast === "blobs") return { kind: "blob", name: parts.slice(0, -2), ref: last };
  if (beforeLast === "tags" && last === "list") return { kind: "tags", name: parts.slice(0, -2) };
  return { kind: "unknown" };
}

/**
 * The versions of `{namespace}/{name}` this puller may see. An account sees its own Docker
 * images; anything else (another ISV's image, a VM image, no such image) is NAME_UNKNOWN, so a
 * key never learns what others hold. A pull token sees the versions granted to its deployment;
 * a repository it covers none of is UNAUTHORIZED.
 */
function visibleVersions(puller: Puller, name: string[]): ServableVersion[] | Response {
  const token = puller.kind === "token";
  const repo = name.length === 2 ? findRepository(name[0]!, name[1]!) : undefined;
  if (!repo || repo.kind !== "docker" || (puller.kind === "user" && repo.ownerId !== puller.userId)) {
    return token ? registryError(401, "UNAUTHORIZED") : registryError(404, "NAME_UNKNOWN", { name: name.join("/") });
  }
  const versions = listServableVersions(repo.imageId);
  if (!token) return versions;
  const granted = versions.filter((v) => puller.grant.versionIds.has(v.id));
  return granted.length ? granted : registryError(401, "UNAUTHORIZED");
}

function manifestResponse(versions: ServableVersion[], ref: string, head: boolean): Response {
  const version = DIGEST.test(ref) ? versions.find((v) => v.digest === ref) : TAG.test(ref) ? versions.find((v) => v.version === ref) : undefined;
  if (!version) return registryError(404, "MANIFEST_UNKNOWN", { reference: ref });
  const body = Buffer.from(version.manifest!, "utf8");
  const mediaType = (JSON.parse(version.manifest!) as { mediaType?: string }).mediaType ?? OCI_MANIFEST;
  const headers = {
    ...API_VERSION_HEADER,
    "Content-Type": mediaType,
    "Content-Length": String(body.length),
    "Docker-Content-Digest": version.digest!,
    ETag: `"${version.digest}"`,
  };
  return new Response(head ? null : body, { status: 200, headers });
}

/** One `bytes=` range of a blob of `size` bytes: null means the whole blob, "unsatisfiable" a 416. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === "" && match[2] === "")) return null; // absent, multi-range or malformed: whole blob
  if (match[1] === "") {
    const suffix = Number(match[2]);
    return suffix === 0 || size === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return "unsatisfiable";
  return end < start ? null : { start, end };
}

async function blobResponse(versions: ServableVersion[], digest: string, request: Request, head: boolean): Promise<Response> {
  if (!DIGEST.test(digest)) return registryError(400, "DIGEST_INVALID", { digest });
  const version = versions.find((v) => v.blobs?.[digest] && v.filePath);
  if (!version) return registryError(404, "BLOB_UNKNOWN", { digest });
  const { offset, size } = version.blobs![digest]!;
  const range = parseRange(request.headers.get("range"), size);
  const headers: Record<string, string> = {
    ...API_VERSION_HEADER,
    "Content-Type": "application/octet-stream",
    "Docker-Content-Digest": digest,
    "Accept-Ranges": "bytes",
    ETag: `"${digest}"`,
  };
  if (range === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}`, "Content-Length": "0" } });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = Math.max(0, end - start + 1);
  headers["Content-Length"] = String(length);
  if (range) headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
  const status = range ? 206 : 200;
  if (head) return new Response(null, { status, headers });
  let handle;
  try {
    handle = await openFile(version.filePath!);
  } catch {
    return registryError(404, "BLOB_UNKNOWN", { digest }); // the version was deleted meanwhile
  }
  return new Response(fileRangeStream(handle, offset + start, length), { status, headers });
}

/**
 * The pull side of the OCI Distribution API under /v2/: the base check, manifests by tag or
 * digest, blobs (with ranges) and tag lists of every ready Docker image version, served as
 * `{owner's handle}/{image name}:{version}`. Uploads are not supported: methods other than GET and
 * HEAD are refused by `serveRegistry` (node.ts), which runs this.
 */
export async function handleRegistryRequest(request: Request): Promise<Response> {
  setRequestRoute(TEMPLATES[route(new URL(request.url).pathname).kind]);
  const secret = presentedSecret(request.headers.get("authorization"))?.secret;
  const kind = secret?.startsWith("scp_") ? "pull-token" : "api-key";
  return withinRateLimit(kind, secret, () => registryError(429, "TOOMANYREQUESTS"), () => answerRegistryRequest(request));
}

async function answerRegistryRequest(request: Request): Promise<Response> {
  const head = request.method === "HEAD";
  const puller = authenticatePuller(request.headers.get("authorization"));
  if (!puller) return registryError(401, "UNAUTHORIZED");
  const url = new URL(request.url);
  const target = route(url.pathname);
  if (target.kind === "base") return new Response(head ? null : "{}", { headers: { ...API_VERSION_HEADER, "Content-Type": "application/json" } });
  if (target.kind === "unknown") return registryError(404, "NAME_UNKNOWN");
  const versions = visibleVersions(puller, target.name);
  if (versions instanceof Response) return versions;
  if (target.kind === "manifest") return manifestResponse(versions, target.ref, head);
  if (target.kind === "blob") return blobResponse(versions, target.ref, request, head);
  const tags = [...new Set(versions.map((v) => v.version))].sort();
  const n = Number(url.searchParams.get("n"));
  const last = url.searchParams.get("last");
  const page = (last ? tags.filter((t) => t > last) : tags).slice(0, n > 0 ? n : undefined);
  return Response.json({ name: target.name.join("/"), tags: page }, { headers: API_VERSION_HEADER });
}
