"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { failure, formValues, invalid, type ActionResult } from "@/lib/action-result";
import { createApplicationSchema } from "@/lib/applications/schema";
import { createApplication, deleteApplication, updateApplication } from "@/lib/applications/service";
import { requireRole } from "@/lib/auth/guards";
import { createSpecSchema, importSpecOptionsSchema } from "@/lib/specs/schema";
import { copySpec, createSpec, deleteSpec, updateSpec } from "@/lib/specs/service";
import { importSpec } from "@/lib/specs/transfer";
import { checkZipSize } from "@/lib/specs/zip";

const LIST = "/console/applications";
const detail = (appId: string) => `${LIST}/${appId}`;

export async function createApplicationAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireRole("isv");
  const values = formValues(form);
  const parsed = createApplicationSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  let appId: string;
  try {
    appId = createApplication(user, parsed.data).id;
  } catch (error) {
    return failure(error, values);
  }
  revalidatePath(LIST);
  redirect(detail(appId));
}

/** The edit dialog sends every field, so the whole create schema applies. */
export async function updateApplicationAction(appId: string, _: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireRole("isv");
  const values = formValues(form);
  const parsed = createApplicationSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    updateApplication(user, appId, parsed.data);
  } catch (error) {
    return failure(error, values);
  }
  revalidatePath(LIST);
  revalidatePath(detail(appId));
  return { ok: true };
}

export async function deleteApplicationAction(appId: string): Promise<ActionResult> {
  const user = await requireRole("isv");
  try {
    deleteApplication(user, appId);
  } catch (error) {
    return failure(error);
  }
  revalidatePath(LIST);
  redirect(LIST);
}

/** After creating, the ISV continues on the spec's dependency page. */
export async function createSpecAction(appId: string, _: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireRole("isv");
  const values = formValues(form);
  const parsed = createSpecSchema.omit({ graph: true }).safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  let specId: string;
  try {
    specId = createSpec(user, appId, parsed.data).id;
  } catch (error) {
    return failure(error, values);
  }
  revalidatePath(detail(appId));
  redirect(`${detail(appId)}/specs/${specId}/dependencies`);
}

/** The dialog sends every field; an unticked trial box is absent and means "no". */
export async function updateSpecAction(appId: string, specId: string, _: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireRole("isv");
  const values = formValues(form);
  const parsed = createSpecSchema.omit({ graph: true }).safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const { priceMonthly = null, priceYearly = null, currency = null, ...rest } = parsed.data;
  try {
    updateSpec(user, specId, { ...rest, priceMonthly, priceYearly, currency });
  } catch (error) {
    return failure(error, values);
  }
  revalidatePath(detail(appId));
  return { ok: true };
}

export async function deleteSpecAction(appId: string, specId: string): Promise<ActionResult> {
  const user = await requireRole("isv");
  try {
    deleteSpec(user, specId);
  } catch (error) {
    return failure(error);
  }
  revalidatePath(detail(appId));
  return { ok: true };
}

export async function copySpecAction(appId: string, specId: string): Promise<ActionResult<{ name: string }>> {
  const user = await requireRole("isv");
  try {
    const copy = copySpec(user, specId);
    revalidatePath(detail(appId));
    return { ok: true, data: { name: copy.name } };
  } catch (error) {
    return failure(error);
  }
}

/** A new draft spec from an exported .zip (≤ 500 KB, judged by its size before it is read). */
export async function importSpecAction(appId: string, _: ActionResult<{ name: string; unresolved: string[] }> | null, form: FormData): Promise<ActionResult<{ name: string; unresolved: string[] }>> {
  const user = await requireRole("isv");
  const values = formValues(form, ["file"]);
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { ok: false, message: "zipMissing", fieldErrors: { file: ["zipMissing"] }, values };
  const options = importSpecOptionsSchema.safeParse(values);
  if (!options.success) return invalid(options.error, values);
  try {
    checkZipSize(file.size);
    const spec = await importSpec(user, appId, new Uint8Array(await file.arrayBuffer()), options.data);
    revalidatePath(detail(appId));
    return { ok: true, data: { name: spec.name, unresolved: spec.unresolvedImages } };
  } catch (error) {
    return failure(error, values);
  }
}
