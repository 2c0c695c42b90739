"use server";
import { revalidatePath } from "next/cache";
import { action, formAction } from "@/lib/action";
import { createApiKeySchema } from "@/lib/api-keys/schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";

/** The key is in this result only. */
export const createApiKeyAction = formAction({ role: "signedIn", schema: createApiKeySchema }, (user, input) => {
  const { key } = createApiKey(user, input);
  revalidatePath("/settings/api-keys");
  return { key };
});

export const revokeApiKeyAction = action({ role: "signedIn", args: ["keyId"] }, (user, { keyId }) => {
  revokeApiKey(user, keyId);
  revalidatePath("/settings/api-keys");
});
