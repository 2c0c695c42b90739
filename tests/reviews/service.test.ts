import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { applications, deployments, listings, media, specs, submissions, type User } from "@/db/schema";
import { deleteApplication, updateApplication } from "@/lib/applications/service";
import { dataDir } from "@/lib/env";
import { getListing, listMarket, listReviewHistory } from "@/lib/reviews/queries";
import { marketQuerySchema } from "@/lib/reviews/schema";
import { decideSubmission, submitForReview, type SubmitFiles } from "@/lib/reviews/service";
import { markSpecTested } from "@/lib/specs/service";
import { makeApp, makeSpec, workloadGraph } from "../support/apps";
import { corruptPng, makeJpeg, makePng, SVG } from "../support/png";
import { makeUser } from "../support/users";

const files = (over: Partial<SubmitFiles> = {}): SubmitFiles => ({ logo: makePng(), showcase: makeJpeg(), intro: [makePng(), makeJpeg()], ...over });
const mediaFiles = () => (fs.existsSync(path.join(dataDir(), "media")) ? fs.readdirSync(path.join(dataDir(), "media")).length : 0);
const stored = () => ({ submissions: getDb().select().from(submissions).all().length, media: getDb().select().from(media).all().length, files: mediaFiles() });

/** An application with one spec that passed a deploy test (markSpecTested is the engine's own hook). */
async function testedApp(isv: User) {
  const app = makeApp(isv);
  const spec = makeSpec(isv, app.id);
  markSpecTested(spec.id, spec.graph);
  return { app, spec };
}
const input = (specIds: string[], over = {}) => ({ name: "智慧停车", summary: "车位引导与计费", specIds, ...over });

describe("submit for review: bad input is refused and nothing is stored", () => {
  const cases: [string, Partial<SubmitFiles>, string, string][] = [
    ["a 101 KB PNG logo", { logo: makePng(4, 3, 101 * 1024) }, "logo", "logoTooLarge"],
    ["a JPEG renamed .png as logo", { logo: makeJpeg() }, "logo", "logoNotPng"],
    ["an SVG showcase", { showcase: SVG }, "showcase", "mediaNotImage"],
    ["an SVG logo", { logo: SVG }, "logo", "logoNotPng"],
    ["a 0-byte intro image", { intro: [Buffer.alloc(0)] }, "intro", "fileEmpty"],
    ["a PNG with a corrupt body", { logo: corruptPng() }, "logo", "mediaCorrupt"],
    ["a truncated PNG", { showcase: makePng(8, 8).subarray(0, 40) }, "showcase", "mediaCorrupt"],
    ["a showcase over 1 MB", { showcase: makePng(4, 3, 1024 * 1024 + 1) }, "showcase", "mediaTooLarge"],
    ["no logo", { logo: undefined }, "logo", "imageRequired"],
    ["no intro image", { intro: [] }, "intro", "imageRequired"],
    ["six intro images", { intro: Array.from({ length: 6 }, () => makePng()) }, "intro", "tooManyIntroImages"],
  ];
  it.each(cases)("%s", async (_, over, field, key) => {
    const isv = await makeUser(["isv"]);
    const { app, spec } = await testedApp(isv);
    const before = stored();
    expect(() => submitForReview(isv, app.id, input([spec.id]), files(over))).toThrow(expect.objectContaining({ fieldErrors: { [field]: [key] } }));
    expect(stored()).toEqual(before);
    expect(getDb().select().from(applications).where(eq(applications.id, app.id)).get()!.reviewStatus).toBe("none");
  });

  it("an application without a tested spec, a spec that is not tested, a second pending submission", async () => {
    const isv = await makeUser(["isv"]);
    const bare = makeApp(isv);
    const draft = makeSpec(isv, bare.id);
    expect(() => submitForReview(isv, bare.id, input([draft.id]), files())).toThrow("noTestedSpec");
    const { app, spec } = await testedApp(isv);
    const other = makeSpec(isv, app.id, "草稿版");
    expect(() => submitForReview(isv, app.id, input([spec.id, other.id]), files())).toThrow("specNotTested");
    expect(stored().submissions).toBe(0);
    submitForReview(isv, app.id, input([spec.id]), files());
    const before = stored();
    expect(() => submitForReview(isv, app.id, input([spec.id]), files())).toThrow("submissionPending");
    expect(stored()).toEqual(before);
  });

  it("another ISV's application or spec is not found; operators may not submit", async () => {
    const [isv, other, operator] = [await makeUser(["isv"]), await makeUser(["isv"]), await makeUser(["operator"])];
    const { app, spec } = await testedApp(isv);
    const mine = await testedApp(other);
    expect(() => submitForReview(other, app.id, input([spec.id]), files())).toThrow("applicationNotFound");
    expect(() => submitForReview(other, mine.app.id, input([spec.id]), files())).toThrow("specNotFound");
    expect(() => submitForReview(operator, app.id, input([spec.id]), files())).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => updateApplication(operator, app.id, { name: "x" })).toThrow(expect.objectContaining({ status: 403 }));
  });
});

describe("review and listing", () => {
  it("reject with reasons, resubmit, approve: the listing is a snapshot; published apps stay", async () => {
    const [isv, operator] = [await makeUser(["isv"]), await makeUser(["operator"])];
    const { app, spec } = await testedApp(isv);
    getDb().update(specs).set({ allowTrial: true }).where(eq(specs.id, spec.id)).run();
    const first = submitForReview(isv, app.id, input([spec.id]), files());
    expect(() => decideSubmission(isv, first.id, { decision: "approve", reasons: [], comment: "" })).toThrow(expect.objectContaining({ status: 403 }));
    decideSubmission(operator, first.id, { decision: "reject", reasons: ["materialUnclear", "other"], comment: "Logo 太模糊" });
    expect(() => decideSubmission(operator, first.id, { decision: "approve", reasons: [], comment: "" })).toThrow("submissionDecided");
    const [rejected] = listReviewHistory(isv.id, app.id);
    expect(rejected).toMatchObject({ submission: { status: "rejected", reasons: ["materialUnclear", "other"], comment: "Logo 太模糊" }, decidedBy: operator.email });

    const second = submitForReview(isv, app.id, input([spec.id], { summary: "新的简介" }), files());
    decideSubmission(operator, second.id, { decision: "approve", reasons: [], comment: "" });
    expect(getDb().select().from(specs).where(eq(specs.id, spec.id)).get()!.status).toBe("listed");
    const page = listMarket(marketQuerySchema.parse({ q: "停车" }));
    expect(page.rows).toEqual([expect.objectContaining({ name: "智慧停车", summary: "新的简介", hasTrial: true, hasExperience: false })]);
    expect(listMarket(marketQuerySchema.parse({ tag: "trial", industry: "智慧园区" })).total).toBe(1);
    expect(listMarket(marketQuerySchema.parse({ industry: "智慧农业" })).total).toBe(0);

    // Unchanged, the listed spec may be listed again (a new summary, say).
    const third = submitForReview(isv, app.id, input([spec.id]), files());
    decideSubmission(operator, third.id, { decision: "reject", reasons: ["other"], comment: "no change needed" });
    updateApplication(isv, app.id, { description: "later edit" });
    getDb().update(specs).set({ description: "changed later", graph: workloadGraph("later:v1") }).where(eq(specs.id, spec.id)).run();
    const listing = getListing(page.rows[0].id)!;
    expect(listing.listing.specs[0]).toMatchObject({ description: "一台网关", graph: spec.graph });
    expect(listing.listing.description).toBe("");
    expect(() => deleteApplication(isv, app.id)).toThrow("applicationPublished");
    expect(listReviewHistory(isv.id, app.id).map((h) => h.submission.status)).toEqual(["rejected", "approved", "rejected"]);
    // The listed spec's graph changed after approval: it cannot be listed again without a new test.
    expect(() => submitForReview(isv, app.id, input([spec.id]), files())).toThrow("noTestedSpec");
  });

  it("a rejection needs a reason; 免费体验 shows when a listed experience spec runs an experience instance", async () => {
    const [isv, operator] = [await makeUser(["isv"]), await makeUser(["operator"])];
    const { decisionSchema } = await import("@/lib/reviews/schema");
    expect(decisionSchema.safeParse({ decision: "reject", reasons: [] }).error?.issues[0].message).toBe("reasonsRequired");
    expect(decisionSchema.safeParse({ decision: "reject", reasons: ["other"] }).error?.issues[0].message).toBe("commentRequired");
    const app = makeApp(isv, "体验应用");
    const spec = makeSpec(isv, app.id);
    getDb().update(specs).set({ type: "experience" }).where(eq(specs.id, spec.id)).run();
    markSpecTested(spec.id, spec.graph);
    const sub = submitForReview(isv, app.id, input([spec.id], { name: "体验应用" }), files());
    decideSubmission(operator, sub.id, { decision: "approve", reasons: [], comment: "" });
    const query = marketQuerySchema.parse({ q: "体验应用", tag: "experience" });
    expect(listMarket(query).total).toBe(0);
    const target = getDb().get<{ id: string }>(`insert into deployment_targets (id, name, locations, provider, settings) values ('t1', 't1', '["cloud"]', 'sandbox', '{}') returning id`);
    getDb().insert(deployments).values({ id: "d1", ownerId: operator.id, specId: spec.id, purpose: "experience", targetId: target.id, status: "running", graph: { nodes: [], edges: [] } }).run();
    expect(listMarket(query).rows).toEqual([expect.objectContaining({ hasExperience: true })]);
    expect(getDb().select().from(listings).all().length).toBeGreaterThan(0);
  });
});
