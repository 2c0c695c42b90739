"use server";
import { revalidatePath } from "next/cache";
import { action, formAction, redirectTo } from "@/lib/action";
import { readBatchUpload, registerBatch, retryFailedItems } from "@/lib/devices/batch/service";
import { batchFormSchema, createProductSchema, deviceSelectionSchema, registerDeviceFormSchema, resetSecretFormSchema } from "@/lib/devices/schema";
import { createProduct, deleteDevices, registerDevice, resetDeviceSecret } from "@/lib/devices/service";
import { bindDevices, unbindDevices } from "@/lib/marketplace/app-access";
import { bindDevicesSchema } from "@/lib/marketplace/schema";

const SECRET_FIELDS = ["secret", "secretConfirm"];

export const createProductAction = formAction({ role: "buyer", schema: createProductSchema }, (user, input) => {
  const product = createProduct(user, input);
  revalidatePath("/workbench/devices", "layout");
  return { id: product.id };
});

/** The secret is in this result only; refilled values never include it. */
export const registerDeviceAction = formAction({ role: "buyer", schema: registerDeviceFormSchema, secret: SECRET_FIELDS }, (user, input) => {
  const { device, secret } = registerDevice(user, input);
  revalidatePath("/workbench/devices");
  return { deviceId: device.id, nodeId: device.nodeId, secret };
});

export const resetSecretAction = formAction({ role: "buyer", schema: resetSecretFormSchema, secret: SECRET_FIELDS }, (user, { deviceId, ...input }) =>
  resetDeviceSecret(user, deviceId, input),
);

export const deleteDevicesAction = action({ role: "buyer", args: ["deviceIds"], schema: deviceSelectionSchema }, (user, { deviceIds }) => {
  const deleted = deleteDevices(user, deviceIds);
  revalidatePath("/workbench/devices");
  return { deleted };
});

export const registerBatchAction = formAction({ role: "buyer", schema: batchFormSchema }, async (user, { file }) => {
  const task = await registerBatch(user, await readBatchUpload(file));
  revalidatePath("/workbench/devices", "layout");
  return redirectTo(`/workbench/devices/tasks/${task.id}`);
});

export const retryFailedAction = action({ role: "buyer", args: ["taskId"] }, (user, { taskId }) => {
  retryFailedItems(user, taskId);
  revalidatePath(`/workbench/devices/tasks/${taskId}`);
});

/** 绑定应用 / 解绑应用 for the selected devices. */
export const bindDevicesAction = action({ role: "buyer", args: ["appId", "deviceIds", "bind"], schema: bindDevicesSchema }, (user, { appId, deviceIds, bind }) => {
  const count = bind ? bindDevices(user, appId, deviceIds) : unbindDevices(user, appId, deviceIds);
  revalidatePath("/workbench/devices");
  return { count };
});
