"use server";
import { revalidatePath } from "next/cache";
import { failure, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import { cancelOrder } from "@/lib/marketplace/orders";

export async function cancelOrderAction(orderId: string): Promise<ActionResult> {
  const user = await requireRole("buyer");
  try {
    cancelOrder(user, orderId);
    revalidatePath("/workbench/orders");
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}
