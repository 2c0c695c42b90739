import { randomUUID } from "node:crypto";
import type { Role } from "@/db/schema";
import { createUser } from "@/lib/users/service";

/** A new account with a unique email; the password is `password123`. */
export function makeUser(roles: Role[] = ["isv"]) {
  return createUser({ email: `${roles[0]}-${randomUUID()}@test.local`, password: "password123", roles });
}
