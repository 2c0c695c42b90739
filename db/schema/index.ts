export * from "./users";
export * from "./api-keys";
