import type { Role, User } from "@/db/schema";
import { ForbiddenError } from "@/lib/errors";

/** What the UI says to an account without the role (keys of the `errors` catalogue). */
const REFUSALS: Record<Role, string> = { isv: "isvOnly", buyer: "buyerOnly", operator: "operatorOnly" };

/**
 * The services' role check: an account without `role` gets a ForbiddenError. `message` names the
 * refusal where a domain words it its own way ("only ISVs manage applications").
 */
export function assertRole(user: Pick<User, "roles">, role: Role, message = REFUSALS[role]): void {
  if (!user.roles.includes(role)) throw new ForbiddenError(message);
}
