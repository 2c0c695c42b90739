import { withApiUser } from "@/lib/auth/api";

/** Who is calling: for automation checking its key, and for later APIs' clients. */
export const GET = withApiUser(async (_request, user) =>
  Response.json({ id: user.id, email: user.email, roles: user.roles }),
);
