import "server-only";
import { persistentSecret } from "@/lib/secrets/persistent";

/** AUTH_SECRET from the environment, or generated once into DATA_DIR/auth-secret (mode 0600). */
export function authSecret(): string {
  return persistentSecret("AUTH_SECRET", "auth-secret");
}
