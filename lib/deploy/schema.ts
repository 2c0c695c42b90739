import { z } from "zod";
import { LOCATIONS, PROVIDERS } from "@/db/schema/deployments";

const dockerSettings = z.object({
  socketPath: z.string().trim().startsWith("/", { error: "socketPathInvalid" }).optional(),
  host: z.string().trim().min(1).max(253).optional(),
  port: z.coerce.number().int().min(1).max(65535).optional(),
  publicHost: z.string().trim().min(1).max(253).optional(),
  healthTimeoutMs: z.coerce.number().int().min(1000).max(600_000).optional(),
  pullFromRegistry: z.boolean().optional(),
});

export const targetSchema = z
  .object({
    name: z.string({ error: "nameRequired" }).trim().min(1, { error: "nameRequired" }).max(64, { error: "nameTooLong" }),
    locations: z.array(z.enum(LOCATIONS)).min(1, { error: "locationRequired" }),
    provider: z.enum(PROVIDERS, { error: "providerRequired" }),
    settings: z.record(z.string(), z.unknown()).default({}),
    enabled: z.boolean().default(true),
  })
  .superRefine((value, ctx) => {
    if (value.provider === "kubernetes") ctx.addIssue({ code: "custom", path: ["provider"], message: "kubernetesNotYet" });
    if (value.provider === "docker" && !dockerSettings.safeParse(value.settings).success) {
      ctx.addIssue({ code: "custom", path: ["settings"], message: "settingsInvalid" });
    }
  });
export type TargetInput = z.input<typeof targetSchema>;
