import { describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/service";
import { listApplications } from "@/lib/applications/queries";
import { applicationListQuerySchema } from "@/lib/applications/schema";
import { JSON_BODY_LIMIT, readBodyText } from "@/lib/http/body";
import { makeUser } from "../support/users";

vi.mock("@/lib/auth/config", () => ({ auth: vi.fn(async () => null) }));
const applications = await import("@/app/api/v1/applications/route");
const products = await import("@/app/v5/iot/[projectId]/products/route");

const MB = 1024 * 1024;
/** A chunked body (no Content-Length) of `total` bytes of a JSON string; counts the bytes pulled. */
function streamedJson(total: number) {
  const pulled = { bytes: 0 };
  const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode('{"name":"'));
      if (sent >= total) {
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
        return;
      }
      controller.enqueue(chunk);
      sent += chunk.byteLength;
      pulled.bytes = sent;
    },
  });
  return { body, pulled };
}
const post = (url: string, key: string, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(url, { method: "POST", body, headers: { "X-Auth-Token": key, "content-type": "application/json", ...headers }, duplex: "half" } as RequestInit);

describe("JSON bodies over 2 MB", () => {
  it("reads a body within the limit, refuses one declared larger before reading a byte", async () => {
    expect(await readBodyText(new Request("http://x/", { method: "POST", body: "é".repeat(10) }))).toBe("é".repeat(10));
    let pulls = 0;
    const untouched = new ReadableStream({ pull: () => void pulls++ }, { highWaterMark: 0 });
    const declared = new Request("http://x/", { method: "POST", body: untouched, headers: { "content-length": String(3 * MB) }, duplex: "half" } as RequestInit);
    await expect(readBodyText(declared)).rejects.toMatchObject({ status: 413, message: "bodyTooLarge" });
    expect(pulls).toBe(0);
  });

  it("cuts a chunked body off just past the limit instead of reading it all", async () => {
    const { body, pulled } = streamedJson(50 * MB);
    await expect(readBodyText(new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit))).rejects.toMatchObject({ status: 413 });
    expect(pulled.bytes).toBeLessThan(JSON_BODY_LIMIT + 256 * 1024);
  });

  it("/api/v1: 413 in the error shape, nothing stored; a body at the limit is parsed as usual", async () => {
    const user = await makeUser(["isv"]);
    const { key } = createApiKey(user, { name: "pipeline" });
    const big = JSON.stringify({ name: "大", industry: "智慧城市", scenario: "智慧路灯", description: "a".repeat(3 * MB) });
    for (const request of [
      post("http://x/api/v1/applications", key, big),
      post("http://x/api/v1/applications", key, streamedJson(3 * MB).body),
    ]) {
      const response = await applications.POST(request, undefined);
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error_code: "STAGECRAFT.0413", error_msg: "The request body is larger than 2 MB." });
    }
    expect(listApplications(user.id, applicationListQuerySchema.parse({})).total).toBe(0);
    // Just under the limit: read in full, then refused by the schema (description is short), not by size.
    const near = JSON.stringify({ name: "近", industry: "智慧城市", scenario: "智慧路灯", description: "a".repeat(JSON_BODY_LIMIT - 200) });
    expect((await applications.POST(post("http://x/api/v1/applications", key, near), undefined)).status).toBe(422);
  });

  it("/v5: 413 with IoTDA's code", async () => {
    const user = await makeUser(["buyer"]);
    const { key } = createApiKey(user, { name: "app server" });
    const response = await products.POST(post(`http://x/v5/iot/${user.id}/products`, key, streamedJson(3 * MB).body), { params: Promise.resolve({ projectId: user.id }) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error_code: "IOTDA.000008", error_msg: "The request body is larger than 2 MB." });
  });
});
