"use server";
import { revalidatePath } from "next/cache";
import { failure, formValues, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import type { TargetInput } from "@/lib/deploy/schema";
import { checkTarget, createTarget, updateTarget } from "@/lib/deploy/service";

/** Fields that hold secrets: never echoed back into the form after a failed save. */
const SECRET_FIELDS = ["token", "kubeconfig", "kubeconfigFile", "tlsKey"];

/**
 * The target form: docker connects by socket path or host:port; sandbox only has a delay;
 * kubernetes takes an API server URL, CA and token, or an uploaded kubeconfig file.
 */
async function targetFromForm(form: FormData): Promise<TargetInput> {
  const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
  const provider = String(form.get("provider") ?? "") as TargetInput["provider"];
  const file = form.get("kubeconfigFile");
  const kubeconfig = file instanceof File && file.size > 0 ? (file.size <= 262_144 ? await file.text() : "x".repeat(262_145)) : undefined;
  const settings =
    provider === "sandbox"
      ? { delayMs: Number(text("delayMs") ?? 400) }
      : provider === "kubernetes"
        ? {
            server: text("server"),
            caData: text("caData"),
            token: text("token"),
            kubeconfig,
            nodeAddress: text("nodeAddress"),
            readyTimeoutMs: text("readyTimeoutMs"),
          }
        : {
            socketPath: text("socketPath"),
            host: text("host"),
            port: text("port"),
            tlsCa: text("tlsCa"),
            tlsCert: text("tlsCert"),
            tlsKey: text("tlsKey"),
            publicHost: text("publicHost"),
            pullFromRegistry: form.get("pullFromRegistry") === "on" || undefined,
          };
  return {
    name: String(form.get("name") ?? ""),
    locations: form.getAll("locations").map(String) as TargetInput["locations"],
    provider,
    settings: Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
    enabled: form.get("enabled") === "on",
  };
}

export async function saveTargetAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireRole("operator");
  const id = String(form.get("id") ?? "");
  try {
    const input = await targetFromForm(form);
    if (id) updateTarget(user, id, input);
    else createTarget(user, input);
  } catch (error) {
    return failure(error, formValues(form, SECRET_FIELDS));
  }
  revalidatePath("/admin/targets");
  return { ok: true };
}

export async function checkTargetAction(id: string): Promise<ActionResult<{ version: string }>> {
  const user = await requireRole("operator");
  try {
    return { ok: true, data: { version: await checkTarget(user, id) } };
  } catch (error) {
    return failure(error);
  }
}
