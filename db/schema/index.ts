export * from "./users";
export * from "./api-keys";
export * from "./jobs";
export * from "./devices";
