import type { Role } from "@/db/enums";

/** Where an account lands after signing up: its first workspace. */
export function homeFor(roles: readonly Role[]): string {
  if (roles.includes("isv")) return "/console/images";
  if (roles.includes("buyer")) return "/market";
  if (roles.includes("operator")) return "/admin/reviews";
  return "/";
}

/** Only same-site paths are followed after login, never another origin. */
export function safeCallbackUrl(value: unknown): string | null {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return null;
  }
  return value;
}
