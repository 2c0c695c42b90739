"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { markOrderPaid } from "@/lib/marketplace/orders";

/** Records a payment settled offline; the buyer's purchased app appears at once. */
export const markOrderPaidAction = action({ role: "operator", args: ["orderId"] }, (user, { orderId }) => {
  markOrderPaid(user, orderId);
  revalidatePath("/admin/orders");
});
