"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { action, formAction, redirectTo } from "@/lib/action";
import { createApplicationSchema } from "@/lib/applications/schema";
import { createApplication, deleteApplication, updateApplication } from "@/lib/applications/service";
import { importSpecFormSchema, specFormSchema } from "@/lib/specs/schema";
import { copySpec, createSpec, deleteSpec, updateSpec } from "@/lib/specs/service";
import { importSpec } from "@/lib/specs/transfer";
import { readZipUpload } from "@/lib/specs/zip";

const LIST = "/console/applications";
const detail = (appId: string) => `${LIST}/${appId}`;

export const createApplicationAction = formAction({ role: "isv", schema: createApplicationSchema }, (user, input) => {
  const app = createApplication(user, input);
  revalidatePath(LIST);
  return redirectTo(detail(app.id));
});

/** The edit dialog sends every field, so the whole create schema applies. */
export const updateApplicationAction = formAction({ role: "isv", args: ["appId"], schema: createApplicationSchema }, (user, { appId, ...input }) => {
  updateApplication(user, appId, input);
  revalidatePath(LIST);
  revalidatePath(detail(appId));
});

export const deleteApplicationAction = action({ role: "isv", args: ["appId"] }, (user, { appId }) => {
  deleteApplication(user, appId);
  revalidatePath(LIST);
  return redirectTo(LIST);
});

/** After creating, the ISV continues on the spec's dependency page. */
export const createSpecAction = formAction({ role: "isv", args: ["appId"], schema: specFormSchema }, (user, { appId, ...input }) => {
  const spec = createSpec(user, appId, input);
  revalidatePath(detail(appId));
  return redirectTo(`${detail(appId)}/specs/${spec.id}/dependencies`);
});

/** updateSpec keeps what it is not given; a price or currency emptied in the dialog is cleared. */
export const updateSpecAction = formAction({ role: "isv", args: ["appId", "specId"], schema: specFormSchema }, (user, { appId, specId, ...input }) => {
  const { priceMonthly = null, priceYearly = null, currency = null, ...rest } = input;
  updateSpec(user, specId, { ...rest, priceMonthly, priceYearly, currency });
  revalidatePath(detail(appId));
});

export const deleteSpecAction = action({ role: "isv", args: ["appId", "specId"] }, (user, { appId, specId }) => {
  deleteSpec(user, specId);
  revalidatePath(detail(appId));
});

export const copySpecAction = action({ role: "isv", args: ["appId", "specId"] }, async (user, { appId, specId }) => {
  const copy = copySpec(user, specId, (await getTranslations("specs"))("copyNameSuffix"));
  revalidatePath(detail(appId));
  return { name: copy.name };
});

/** A new draft spec from an exported .zip (≤ 500 KB, judged by its size before it is read). */
export const importSpecAction = formAction({ role: "isv", args: ["appId"], schema: importSpecFormSchema }, async (user, { appId, file, ...options }) => {
  const spec = await importSpec(user, appId, await readZipUpload(file), options);
  revalidatePath(detail(appId));
  return { name: spec.name, unresolved: spec.unresolvedImages };
});
