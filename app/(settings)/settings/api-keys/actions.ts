"use server";
import { revalidatePath } from "next/cache";
import { failure, formValues, invalid, type ActionResult } from "@/lib/action-result";
import { createApiKeySchema } from "@/lib/api-keys/schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { requireUser } from "@/lib/auth/guards";

export async function createApiKeyAction(
  _: ActionResult<{ key: string }> | null,
  form: FormData,
): Promise<ActionResult<{ key: string }>> {
  const user = await requireUser();
  const values = formValues(form);
  const parsed = createApiKeySchema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const created = createApiKey(user, parsed.data);
  revalidatePath("/settings/api-keys");
  return { ok: true, data: { key: created.key } };
}

export async function revokeApiKeyAction(keyId: string): Promise<ActionResult> {
  const user = await requireUser();
  try {
    revokeApiKey(user, keyId);
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/settings/api-keys");
  return { ok: true };
}
