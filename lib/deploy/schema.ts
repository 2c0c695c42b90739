import { z } from "zod";
import { LOCATIONS, PROVIDERS } from "@/db/enums";
import { checkbox, upload } from "@/lib/form-fields";

const KUBECONFIG_MAX = 256 * 1024;
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
    probeHost: hostName.optional(),
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
  kubeconfig: z.string().max(KUBECONFIG_MAX, { error: "kubeconfigInvalid" }).optional(),
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
      // The TLS fields' and the host names' errors go under their own names; the rest under one
      // "settings" message.
      for (const issue of dockerSettingsSchema.safeParse(value.settings).error?.issues ?? []) {
        const own = issue.message.startsWith("tls") || issue.message === "hostInvalid";
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

/** A text field: blank means "not given". */
const text = z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined), z.string().optional());

/**
 * The targets page's form, flat as the browser sends it, into the target it describes: Docker
 * connects by socket path or host:port (optionally with TLS certificates), the sandbox has only a
 * delay, Kubernetes takes an API server URL, CA and token, or an uploaded kubeconfig file. The
 * target itself is checked by `targetSchema` in the service.
 */
export const targetFormSchema = z
  .object({
    name: z.string().default(""),
    locations: z.array(z.string()).default([]),
    provider: z.string().default(""),
    enabled: checkbox,
    ...Object.fromEntries(
      ["socketPath", "host", "port", "tlsCa", "tlsCert", "tlsKey", "publicHost", "probeHost", "server", "caData", "token", "nodeAddress", "readyTimeoutMs", "delayMs"].map((k) => [k, text]),
    ),
    pullFromRegistry: checkbox,
    kubeconfigFile: upload,
  })
  .superRefine((form, ctx) => {
    if (form.kubeconfigFile && form.kubeconfigFile.size > KUBECONFIG_MAX) ctx.addIssue({ code: "custom", path: ["kubeconfig"], message: "kubeconfigInvalid" });
  })
  .transform(async (form): Promise<TargetInput> => {
    const f = form as Record<string, string | undefined> & typeof form;
    const settings =
      f.provider === "sandbox"
        ? { delayMs: Number(f.delayMs ?? 400) }
        : f.provider === "kubernetes"
          ? { server: f.server, caData: f.caData, token: f.token, kubeconfig: await f.kubeconfigFile?.text(), nodeAddress: f.nodeAddress, readyTimeoutMs: f.readyTimeoutMs }
          : {
              socketPath: f.socketPath,
              host: f.host,
              port: f.port,
              tlsCa: f.tlsCa,
              tlsCert: f.tlsCert,
              tlsKey: f.tlsKey,
              publicHost: f.publicHost,
              probeHost: f.probeHost,
              pullFromRegistry: f.pullFromRegistry || undefined,
            };
    return {
      name: f.name,
      locations: f.locations as TargetInput["locations"],
      provider: f.provider as TargetInput["provider"],
      settings: Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
      enabled: f.enabled,
    };
  });
