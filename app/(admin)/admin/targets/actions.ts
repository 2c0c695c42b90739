"use server";
import { revalidatePath } from "next/cache";
import { failure, formValues, type ActionResult } from "@/lib/action-result";
import { requireRole } from "@/lib/auth/guards";
import type { TargetInput } from "@/lib/deploy/schema";
import { checkTarget, createTarget, updateTarget } from "@/lib/deploy/service";

/** The target form: docker connects by socket path or host:port; sandbox only has a delay. */
function targetFromForm(form: FormData): TargetInput {
  const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
  const provider = String(form.get("provider") ?? "") as TargetInput["provider"];
  const settings =
    provider === "sandbox"
      ? { delayMs: Number(text("delayMs") ?? 400) }
      : {
          socketPath: text("socketPath"),
          host: text("host"),
          port: text("port"),
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
    if (id) updateTarget(user, id, targetFromForm(form));
    else createTarget(user, targetFromForm(form));
  } catch (error) {
    return failure(error, formValues(form));
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
