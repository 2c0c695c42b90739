import { z } from "zod";
import { REJECT_REASONS } from "@/db/enums";
import { upload } from "@/lib/form-fields";

export const SUMMARY_MAX = 90;
export const LISTING_NAME_MAX = 64;
export const COMMENT_MAX = 1000;
export const MARKET_PAGE_SIZE = 12;
export const REVIEWS_PAGE_SIZE = 20;

/** The text half of a submission; the images are checked by their bytes in image-check.ts. */
export const submitSchema = z.object({
  name: z.string({ error: "nameRequired" }).trim().min(1, "nameRequired").max(LISTING_NAME_MAX, "nameTooLong"),
  summary: z.string({ error: "summaryRequired" }).trim().min(1, "summaryRequired").max(SUMMARY_MAX, "summaryTooLong"),
  specIds: z.array(z.string()).min(1, "specsRequired"),
});
export type SubmitInput = z.infer<typeof submitSchema>;

/** Step ② of the wizard: the text and the images, checked by their bytes in the service. */
export const submitFormSchema = submitSchema.extend({
  logo: upload,
  showcase: upload,
  intro: z.array(upload).transform((files) => files.filter((file) => file !== undefined)),
});

export const decisionSchema = z
  .object({
    decision: z.enum(["approve", "reject"], { error: "decisionRequired" }),
    reasons: z.array(z.enum(REJECT_REASONS, { error: "reasonInvalid" })).default([]),
    comment: z.string().trim().max(COMMENT_MAX, "commentTooLong").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.decision !== "reject") return;
    if (v.reasons.length === 0) ctx.addIssue({ code: "custom", path: ["reasons"], message: "reasonsRequired" });
    if (v.reasons.includes("other") && !v.comment) ctx.addIssue({ code: "custom", path: ["comment"], message: "commentRequired" });
  });
export type DecisionInput = z.infer<typeof decisionSchema>;

/** Marketplace filters as they appear in the URL; anything malformed falls back to the default. */
export const marketQuerySchema = z.object({
  q: z.string().trim().max(LISTING_NAME_MAX).catch(""),
  industry: z.string().trim().max(64).catch(""),
  scenario: z.string().trim().max(64).catch(""),
  tag: z.enum(["experience", "trial"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type MarketQuery = z.infer<typeof marketQuerySchema>;
