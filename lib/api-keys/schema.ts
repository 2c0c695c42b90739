import { z } from "zod";

export const createApiKeySchema = z.object({
  name: z.string({ error: "nameRequired" }).trim().min(1, { error: "nameRequired" }).max(64, { error: "nameTooLong" }),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;
