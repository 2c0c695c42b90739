import { z } from "zod";

// Properties of each portable resource type with their defaults, as the engine reads them. The
// resource catalogue (canvas issue) grows these into the full schemas of its palette and panel.
const port = z.coerce.number().int().min(1).max(65535);

export const workloadProperties = z.object({
  /** "name:version" of one of the owner's ready image versions. */
  image: z.string().regex(/^[a-z0-9][a-z0-9.-]*:v?\d+(\.\d+){1,3}$/),
  port: port.default(8080),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
  command: z.array(z.string()).optional(),
  replicas: z.coerce.number().int().min(1).max(10).default(1),
  /** vCPU */
  cpu: z.coerce.number().min(0.1).max(16).default(0.5),
  /** MiB */
  memory: z.coerce.number().int().min(16).max(65536).default(256),
  healthPath: z.string().startsWith("/").default("/"),
});

export const endpointProperties = z.object({
  /** The workload port to expose; the workload's own port when left out. */
  port: port.optional(),
  public: z.boolean().default(true),
});

export const credentialsProperties = z.object({
  username: z.string().min(1).max(64).default("admin"),
  userEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default("ADMIN_USER"),
  passwordEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default("ADMIN_PASSWORD"),
});

export const volumeProperties = z.object({
  sizeMiB: z.coerce.number().int().min(1).max(1024 * 1024).default(1024),
  mountPath: z.string().startsWith("/").default("/data"),
});

export const networkProperties = z.object({});

export const PROPERTY_SCHEMAS = {
  workload: workloadProperties,
  endpoint: endpointProperties,
  credentials: credentialsProperties,
  volume: volumeProperties,
  network: networkProperties,
} as const;
export type ResourceType = keyof typeof PROPERTY_SCHEMAS;

export type WorkloadProperties = z.infer<typeof workloadProperties>;
export type EndpointProperties = z.infer<typeof endpointProperties>;
export type CredentialsProperties = z.infer<typeof credentialsProperties>;
export type VolumeProperties = z.infer<typeof volumeProperties>;
