import "server-only";
import { AuthError } from "next-auth";
import { RateLimitedError, ValidationError } from "@/lib/errors";
import { signIn } from "./config";
import { safeCallbackUrl } from "./redirects";

/**
 * Signs in with a password; success is a redirect to `callbackUrl` (same-site only), thrown on
 * purpose. A wrong email and a wrong password get one message, so accounts cannot be discovered.
 */
export async function signInWithPassword(input: { email: string; password: string; callbackUrl?: string }): Promise<void> {
  try {
    await signIn("credentials", { email: input.email, password: input.password, redirectTo: safeCallbackUrl(input.callbackUrl) ?? "/" });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const code = (error as AuthError & { code?: string }).code;
    if (code === "tooManyLogins" || code === "loginSlowedDown") throw new RateLimitedError(code);
    throw new ValidationError("invalidCredentials");
  }
}
