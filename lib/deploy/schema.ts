import { z } from "zod";
import { LOCATIONS, PROVIDERS } from "@/db/schema/deployments";

const PEM_CERT = /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/;
const PEM_KEY = /^-----BEGIN ([A-Z]+ )?PRIVATE KEY-----[\s\S]+-----END ([A-Z]+ )?PRIVATE KEY-----\s*$/;
const hostName = z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, { error: "hostInvalid" });

/**
 * A Docker target: the local socket, or an engine over TCP with optional TLS client certificates
 * (`dockerd --tlsverify`). The key is blank on an edit that keeps the stored one; the service
 * seals what is given (lib/deploy/target-settings.ts).
 */
export const dockerSettingsSchema = z
  .object({
    socketPath: z.string().trim().startsWith("/", { error: "socketPathInvalid" }).optional(),
    host: hostName.optional(),
    port: z.coerce.number().int().min(1).max(65535).optional(),
    tlsCa: z.string().trim().max(65536, { error: "tlsCertInvalid" }).regex(PEM_CERT, { error: "tlsCertInvalid" }).optional(),
    tlsCert: z.string().trim().max(65536, { error: "tlsCertInvalid" }).regex(PEM_CERT, { error: "tlsCertInvalid" }).optional(),
    tlsKey: z.string().trim().max(65536, { error: "tlsKeyInvalid" }).regex(PEM_KEY, { error: "tlsKeyInvalid" }).optional(),
    publicHost: hostName.optional(),
    healthTimeoutMs: z.coerce.number().int().min(1000).max(600_000).optional(),
    portRange: z.tuple([z.number().int().min(1), z.number().int().max(65535)]).optional(),
    pullFromRegistry: z.boolean().optional(),
  })
  .refine((s) => !s.tlsKey || s.host, { path: ["host"], error: "tlsNeedsHost" })
  .refine((s) => !s.tlsKey || s.tlsCert, { path: ["tlsCert"], error: "tlsCertInvalid" });
export type DockerSettingsInput = z.infer<typeof dockerSettingsSchema>;
const timeout = z.coerce.number({ error: "kubeTimeoutInvalid" }).int({ error: "kubeTimeoutInvalid" }).min(1000, { error: "kubeTimeoutInvalid" }).max(3_600_000, { error: "kubeTimeoutInvalid" });

/**
 * A Kubernetes target as the operator enters it: the API server's URL, CA and token, or an
 * uploaded kubeconfig instead. Secrets are blank on an edit that keeps the stored ones; the service
 * encrypts what is given (lib/deploy/target-settings.ts).
 */
export const kubernetesSettingsSchema = z.object({
  server: z.url({ protocol: /^https$/, error: "kubeServerInvalid" }).max(2048, { error: "kubeServerInvalid" }).optional(),
  caData: z.string().trim().max(65536, { error: "kubeCaInvalid" }).regex(PEM_CERT, { error: "kubeCaInvalid" }).optional(),
  token: z.string().trim().min(1).max(16384, { error: "kubeTokenInvalid" }).regex(/^[\x21-\x7e]+$/, { error: "kubeTokenInvalid" }).optional(),
  kubeconfig: z.string().max(262_144, { error: "kubeconfigInvalid" }).optional(),
  nodeAddress: z.string().trim().max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, { error: "kubeNodeAddressInvalid" }).optional(),
  readyTimeoutMs: timeout.optional(),
  namespaceTimeoutMs: timeout.optional(),
  requestTimeoutMs: timeout.optional(),
});
export type KubernetesSettingsInput = z.infer<typeof kubernetesSettingsSchema>;

export const targetSchema = z
  .object({
    name: z.string({ error: "nameRequired" }).trim().min(1, { error: "nameRequired" }).max(64, { error: "nameTooLong" }),
    locations: z.array(z.enum(LOCATIONS)).min(1, { error: "locationRequired" }),
    provider: z.enum(PROVIDERS, { error: "providerRequired" }),
    settings: z.record(z.string(), z.unknown()).default({}),
    enabled: z.boolean().default(true),
  })
  .superRefine((value, ctx) => {
    if (value.provider === "docker") {
      // The TLS fields' errors go under their own names; the rest under one "settings" message.
      for (const issue of dockerSettingsSchema.safeParse(value.settings).error?.issues ?? []) {
        const own = issue.message.startsWith("tls");
        ctx.addIssue({ code: "custom", path: own ? issue.path : ["settings"], message: own ? issue.message : "settingsInvalid" });
      }
    }
    if (value.provider === "kubernetes") {
      const parsed = kubernetesSettingsSchema.safeParse(value.settings);
      // The form's fields are the settings' own names, so their errors go under those names.
      for (const issue of parsed.error?.issues ?? []) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      if (parsed.success && !parsed.data.server && !parsed.data.kubeconfig) ctx.addIssue({ code: "custom", path: ["server"], message: "kubeServerInvalid" });
    }
  });
export type TargetInput = z.input<typeof targetSchema>;
