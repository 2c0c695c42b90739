"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { cancelOrder } from "@/lib/marketplace/orders";

export const cancelOrderAction = action({ role: "buyer", args: ["orderId"] }, (user, { orderId }) => {
  cancelOrder(user, orderId);
  revalidatePath("/workbench/orders");
});
