import { z } from "zod";

// Property schemas of each portable resource type, with defaults, units and limits. The palette,
// the property panel, validation, the bill of materials and the engine's providers all read these.
// `meta({ unit })` travels into the JSON Schema so the panel and API clients can show units.
const port = z.coerce.number().int().min(1).max(65535);
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);

/** "name:version" of an image: lower-case name, numeric version (as the image upload enforces). */
export const IMAGE_REF = /^[a-z0-9][a-z0-9.-]*:v?\d+(\.\d+){1,3}$/;

export const workloadProperties = z.object({
  /** "name:version" of one of the owner's ready image versions. */
  image: z.string().regex(IMAGE_REF),
  port: port.default(8080),
  env: z.record(envName, z.string()).default({}),
  command: z.array(z.string()).optional(),
  replicas: z.coerce.number().int().min(1).max(10).default(1),
  cpu: z.coerce.number().min(0.1).max(16).default(0.5).meta({ unit: "vCPU" }),
  memory: z.coerce.number().int().min(16).max(65536).default(256).meta({ unit: "MiB" }),
  healthPath: z.string().startsWith("/").default("/"),
});

export const endpointProperties = z.object({
  /** The workload port to expose; the workload's own port when left out. */
  port: port.optional(),
  public: z.boolean().default(true),
});

export const credentialsProperties = z.object({
  username: z.string().min(1).max(64).default("admin"),
  userEnv: envName.default("ADMIN_USER"),
  passwordEnv: envName.default("ADMIN_PASSWORD"),
});

export const volumeProperties = z.object({
  sizeMiB: z.coerce.number().int().min(1).max(1024 * 1024).default(1024).meta({ unit: "MiB" }),
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

export type WorkloadProperties = z.infer<typeof workloadProperties>;
export type EndpointProperties = z.infer<typeof endpointProperties>;
export type CredentialsProperties = z.infer<typeof credentialsProperties>;
export type VolumeProperties = z.infer<typeof volumeProperties>;
