"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { failure, formValues, invalid, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import type { DeploymentOutput } from "@/db/schema";
import { grantExperience } from "@/lib/marketplace/experience";
import { createTrial } from "@/lib/marketplace/my-apps";
import { placeOrder } from "@/lib/marketplace/orders";
import { orderSchema, trialSchema } from "@/lib/marketplace/schema";

/** "立即体验": the agreement box travels as `agree=on`; the service refuses without it. */
export async function experienceAction(listingId: string, _: ActionResult<DeploymentOutput[]> | null, form: FormData): Promise<ActionResult<DeploymentOutput[]>> {
  const user = await requireRole("buyer");
  try {
    return { ok: true, data: grantExperience(user, { listingId, agree: form.get("agree") === "on" }) };
  } catch (error) {
    return failure(error);
  }
}

/** "确定" on the trial page: the app appears in 我的IoT应用 and its setup opens. */
export async function trialAction(listingId: string, _: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireRole("buyer");
  const values = formValues(form);
  const parsed = trialSchema.safeParse({ ...values, listingId });
  if (!parsed.success) return invalid(parsed.error, values);
  let id: string;
  try {
    id = createTrial(user, parsed.data).id;
  } catch (error) {
    return failure(error, values);
  }
  revalidatePath("/workbench/apps");
  redirect(`/workbench/apps/${id}?tab=setup`);
}

/** "下单": the order waits for payment (a free spec's app appears at once). */
export async function orderAction(listingId: string, _: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireRole("buyer");
  const values = formValues(form);
  const parsed = orderSchema.safeParse({ ...values, listingId });
  if (!parsed.success) return invalid(parsed.error, values);
  let order;
  try {
    order = placeOrder(user, parsed.data);
  } catch (error) {
    return failure(error, values);
  }
  revalidatePath("/workbench/orders");
  redirect(order.myAppId ? `/workbench/apps/${order.myAppId}?tab=setup` : `/workbench/orders?placed=${order.id}`);
}
