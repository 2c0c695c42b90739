import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { submissions, type User } from "@/db/schema";
import { markSpecTested } from "@/lib/specs/service";
import { makeApp, makeSpec } from "../support/apps";
import { makeJpeg, makePng } from "../support/png";
import { makeUser } from "../support/users";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/lib/auth/config", () => ({ auth, signIn: vi.fn(), signOut: vi.fn(), handlers: {} }));
const { submitForReviewAction } = await import("@/app/(console)/console/applications/[appId]/submit/actions");
const { decideSubmissionAction } = await import("@/app/(admin)/admin/reviews/actions");
const { updateApplicationAction } = await import("@/app/(console)/console/applications/actions");
const media = await import("@/app/api/media/[mediaId]/route");

const signIn = (user: User) => auth.mockResolvedValue({ user: { id: user.id } });
const file = (bytes: Buffer, name: string, type: string) => new File([new Uint8Array(bytes)], name, { type });

function submitForm(specIds: string[], over: Record<string, string | File> = {}) {
  const form = new FormData();
  form.set("name", "智慧停车");
  form.set("summary", "车位引导");
  form.set("logo", file(makePng(), "logo.png", "image/png"));
  form.set("showcase", file(makeJpeg(), "card.jpg", "image/jpeg"));
  form.append("intro", file(makePng(), "a.png", "image/png"));
  for (const id of specIds) form.append("specIds", id);
  for (const [k, v] of Object.entries(over)) form.set(k, v);
  return form;
}
const count = () => getDb().select().from(submissions).all().length;
const getMedia = (id: string, cookie?: string) => media.GET(new Request(`http://x/api/media/${id}`, { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({ mediaId: id }) });

describe("review actions", () => {
  beforeEach(() => auth.mockReset());

  it("an ISV submits; a 91-character summary and a JPEG renamed .png as logo get translated-key errors and store nothing", async () => {
    const isv = await makeUser(["isv"]);
    const app = makeApp(isv);
    const spec = makeSpec(isv, app.id);
    markSpecTested(spec.id, spec.graph);
    signIn(isv);
    const long = await submitForReviewAction(app.id, null, submitForm([spec.id], { summary: "字".repeat(91) }));
    expect(long).toMatchObject({ ok: false, fieldErrors: { summary: ["summaryTooLong"] } });
    const renamed = await submitForReviewAction(app.id, null, submitForm([spec.id], { logo: file(makeJpeg(), "logo.png", "image/png") }));
    expect(renamed).toMatchObject({ ok: false, fieldErrors: { logo: ["logoNotPng"] } });
    const none = await submitForReviewAction(app.id, null, submitForm([]));
    expect(none).toMatchObject({ ok: false, fieldErrors: { specIds: ["specsRequired"] } });
    expect(count()).toBe(0);
    await expect(submitForReviewAction(app.id, null, submitForm([spec.id]))).rejects.toThrow(`NEXT_REDIRECT /console/applications/${app.id}?tab=review`);
    expect(count()).toBe(1);

    // Unlisted material is not public: an anonymous caller gets 404.
    const [sub] = getDb().select().from(submissions).all();
    expect((await getMedia(sub.material.logoId)).status).toBe(404);
  });

  it("an ISV calling the review action and an operator editing an ISV's application both get 403", async () => {
    const [isv, operator] = [await makeUser(["isv"]), await makeUser(["operator"])];
    const app = makeApp(isv);
    const spec = makeSpec(isv, app.id);
    markSpecTested(spec.id, spec.graph);
    signIn(isv);
    await expect(submitForReviewAction(app.id, null, submitForm([spec.id]))).rejects.toThrow("NEXT_REDIRECT");
    const [sub] = getDb().select().from(submissions).all().filter((s) => s.applicationId === app.id);
    const approve = new FormData();
    approve.set("decision", "approve");
    await expect(decideSubmissionAction(sub.id, null, approve)).rejects.toThrow("NEXT_FORBIDDEN");
    signIn(operator);
    await expect(updateApplicationAction(app.id, null, new FormData())).rejects.toThrow("NEXT_FORBIDDEN");
    const reject = new FormData();
    reject.set("decision", "reject");
    expect(await decideSubmissionAction(sub.id, null, reject)).toMatchObject({ ok: false, fieldErrors: { reasons: ["reasonsRequired"] } });
    await expect(decideSubmissionAction(sub.id, null, approve)).rejects.toThrow("NEXT_REDIRECT /admin/reviews");

    // Listed now: anyone may fetch it, typed by its bytes, with nosniff.
    const response = await getMedia(sub.material.showcaseId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
