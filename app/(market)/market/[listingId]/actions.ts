"use server";
import { revalidatePath } from "next/cache";
import { formAction, redirectTo } from "@/lib/action";
import { grantExperience } from "@/lib/marketplace/experience";
import { createTrial } from "@/lib/marketplace/my-apps";
import { placeOrder } from "@/lib/marketplace/orders";
import { experienceFormSchema, orderSchema, trialSchema } from "@/lib/marketplace/schema";

/** "立即体验": the shared instance's access, shown in a dialog. */
export const experienceAction = formAction({ role: "buyer", args: ["listingId"], schema: experienceFormSchema }, (user, input) =>
  grantExperience(user, input),
);

/** "确定" on the trial page: the app appears in 我的IoT应用 and its setup opens. */
export const trialAction = formAction({ role: "buyer", args: ["listingId"], schema: trialSchema }, (user, input) => {
  const app = createTrial(user, input);
  revalidatePath("/workbench/apps");
  return redirectTo(`/workbench/apps/${app.id}?tab=setup`);
});

/** "下单": the order waits for payment (a free spec's app appears at once). */
export const orderAction = formAction({ role: "buyer", args: ["listingId"], schema: orderSchema }, (user, input) => {
  const order = placeOrder(user, input);
  revalidatePath("/workbench/orders");
  return redirectTo(order.myAppId ? `/workbench/apps/${order.myAppId}?tab=setup` : `/workbench/orders?placed=${order.id}`);
});
