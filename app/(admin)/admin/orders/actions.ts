"use server";
import { revalidatePath } from "next/cache";
import { failure, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import { markOrderPaid } from "@/lib/marketplace/orders";

/** Records a payment settled offline; the buyer's purchased app appears at once. */
export async function markOrderPaidAction(orderId: string): Promise<ActionResult> {
  const user = await requireRole("operator");
  try {
    markOrderPaid(user, orderId);
    revalidatePath("/admin/orders");
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}
