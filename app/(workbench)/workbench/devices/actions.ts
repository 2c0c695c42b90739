"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { failure, formValues, invalid, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import { registerBatch, retryFailedItems } from "@/lib/devices/batch/service";
import { createProductSchema, registerDeviceFormSchema, resetSecretFormSchema } from "@/lib/devices/schema";
import { createProduct, deleteDevices, registerDevice, resetDeviceSecret } from "@/lib/devices/service";
import { bindDevices, unbindDevices } from "@/lib/marketplace/app-access";

const SECRET_FIELDS = ["secret", "secretConfirm"];

export async function createProductAction(_: ActionResult<{ id: string }> | null, form: FormData): Promise<ActionResult<{ id: string }>> {
  const user = await requireRole("buyer");
  const values = formValues(form);
  const parsed = createProductSchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const product = createProduct(user, parsed.data);
  revalidatePath("/workbench/devices", "layout");
  return { ok: true, data: { id: product.id } };
}

export type RegisteredDevice = { deviceId: string; nodeId: string; secret: string | null };

/** The secret is in this result only; refilled values never include it. */
export async function registerDeviceAction(_: ActionResult<RegisteredDevice> | null, form: FormData): Promise<ActionResult<RegisteredDevice>> {
  const user = await requireRole("buyer");
  const values = formValues(form, SECRET_FIELDS);
  const parsed = registerDeviceFormSchema.safeParse(formValues(form));
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const { device, secret } = registerDevice(user, parsed.data);
    revalidatePath("/workbench/devices");
    return { ok: true, data: { deviceId: device.id, nodeId: device.nodeId, secret } };
  } catch (error) {
    return failure(error, values);
  }
}

export async function resetSecretAction(
  _: ActionResult<{ deviceId: string; secret: string }> | null,
  form: FormData,
): Promise<ActionResult<{ deviceId: string; secret: string }>> {
  const user = await requireRole("buyer");
  const parsed = resetSecretFormSchema.safeParse(formValues(form));
  if (!parsed.success) return invalid(parsed.error);
  try {
    return { ok: true, data: resetDeviceSecret(user, String(form.get("deviceId") ?? ""), parsed.data) };
  } catch (error) {
    return failure(error);
  }
}

export async function deleteDevicesAction(deviceIds: string[]): Promise<ActionResult<{ deleted: number }>> {
  const user = await requireRole("buyer");
  try {
    const deleted = deleteDevices(user, Array.isArray(deviceIds) ? deviceIds.map(String) : []);
    revalidatePath("/workbench/devices");
    return { ok: true, data: { deleted } };
  } catch (error) {
    return failure(error);
  }
}

export async function registerBatchAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireRole("buyer");
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0 && file.name === "") {
    return { ok: false, message: "fileRequired", fieldErrors: { file: ["fileRequired"] } };
  }
  let taskId: string;
  try {
    taskId = (await registerBatch(user, { name: file.name, data: Buffer.from(await file.arrayBuffer()) })).id;
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/workbench/devices", "layout");
  redirect(`/workbench/devices/tasks/${taskId}`);
}

export async function retryFailedAction(taskId: string): Promise<ActionResult> {
  const user = await requireRole("buyer");
  try {
    retryFailedItems(user, String(taskId));
  } catch (error) {
    return failure(error);
  }
  revalidatePath(`/workbench/devices/tasks/${taskId}`);
  return { ok: true };
}

/** 绑定应用 / 解绑应用 for the selected devices. */
export async function bindDevicesAction(appId: string, deviceIds: string[], bind: boolean): Promise<ActionResult<{ count: number }>> {
  const user = await requireRole("buyer");
  try {
    const ids = Array.isArray(deviceIds) ? deviceIds.map(String) : [];
    const count = bind ? bindDevices(user, String(appId), ids) : unbindDevices(user, String(appId), ids);
    revalidatePath("/workbench/devices");
    return { ok: true, data: { count } };
  } catch (error) {
    return failure(error);
  }
}
