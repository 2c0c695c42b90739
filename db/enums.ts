// The allowed values of enum columns, and their types. Plain data, free of drizzle: client
// components and zod schemas import them from here, and the tables in db/schema use them, so no
// table definition (nor a table or column name) is bundled into the browser
// (tests/architecture/client-messages.test.ts).

// db/schema/applications.ts
export const REVIEW_STATUSES = ["none", "pending", "approved", "rejected"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const SPEC_TYPES = ["general", "custom", "experience"] as const;
export type SpecType = (typeof SPEC_TYPES)[number];
export const SPEC_LOCATIONS = ["cloud", "edge", "private"] as const;
export type SpecLocation = (typeof SPEC_LOCATIONS)[number];
export const SPEC_STATUSES = ["draft", "configured", "tested", "listed"] as const;
export type SpecStatus = (typeof SPEC_STATUSES)[number];

// db/schema/deployments.ts
export const LOCATIONS = ["cloud", "edge", "private"] as const;
export type Location = (typeof LOCATIONS)[number];
export const PROVIDERS = ["docker", "kubernetes", "sandbox"] as const;
export type ProviderKind = (typeof PROVIDERS)[number];
export const PURPOSES = ["test", "experience", "trial", "purchase"] as const;
export type Purpose = (typeof PURPOSES)[number];
export const DEPLOYMENT_STATUSES = ["pending", "installing", "running", "failed", "uninstalling", "deleted"] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];
export const RESOURCE_STATUSES = ["creating", "created", "deleting", "deleted"] as const;

// db/schema/devices.ts
export const PROTOCOLS = ["MQTT", "CoAP", "HTTP"] as const;
export type Protocol = (typeof PROTOCOLS)[number];
/** IoTDA's names, used in the API and stored as they are. */
export const AUTH_TYPES = ["SECRET", "CERTIFICATES"] as const;
export type AuthType = (typeof AUTH_TYPES)[number];
export const DEVICE_STATUSES = ["INACTIVE", "ONLINE", "OFFLINE"] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];
/** IoTDA's batch task statuses, spelled as IoTDA spells them. */
export const TASK_STATUSES = ["Initializing", "Processing", "Success", "PartialSuccess", "Fail"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** IoTDA's sub-task statuses ("Waitting" is IoTDA's own spelling, kept for compatible clients). */
export const ITEM_STATUSES = ["Waitting", "Success", "Fail"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

// db/schema/images.ts
export const IMAGE_KINDS = ["docker", "vm"] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];
export const VERSION_STATUSES = ["uploading", "validating", "ready", "failed"] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

// db/schema/jobs.ts
export const JOB_STATUSES = ["queued", "running", "done", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

// db/schema/marketplace.ts
export const MY_APP_KINDS = ["trial", "purchased"] as const;
export type MyAppKind = (typeof MY_APP_KINDS)[number];
/** `deleting`: its instance is being uninstalled; the row goes when that finishes. */
export const MY_APP_STATUSES = ["active", "expired", "deleting"] as const;
export type MyAppStatus = (typeof MY_APP_STATUSES)[number];
export const ORDER_TERMS = ["monthly", "yearly"] as const;
export type OrderTerm = (typeof ORDER_TERMS)[number];
export const ORDER_STATUSES = ["pending", "paid", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

// db/schema/reviews.ts
export const MEDIA_KINDS = ["logo", "showcase", "intro"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
export const SUBMISSION_STATUSES = ["pending", "approved", "rejected"] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const REJECT_REASONS = ["materialUnclear", "deployTestFailed", "securityConcern", "misleading", "other"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

// db/schema/users.ts
export const ROLES = ["isv", "buyer", "operator"] as const;
export type Role = (typeof ROLES)[number];
