export * from "./users";
export * from "./api-keys";
export * from "./jobs";
export * from "./images";
export * from "./applications";
export * from "./deployments";
export * from "./devices";
export * from "./reviews";
