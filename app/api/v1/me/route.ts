import { withApiUser } from "@/lib/auth/api";
import { publicUrl } from "@/lib/env";

/**
 * Who is calling: for automation checking its key, and for later APIs' clients. `registry` is the
 * caller's namespace on this server's registry endpoint (`host/handle`), to which a script appends
 * `/{image}:{version}` for a pull reference; null for accounts without one.
 */
export const GET = withApiUser(async (_request, user) =>
  Response.json({
    id: user.id,
    email: user.email,
    roles: user.roles,
    handle: user.handle,
    registry: user.handle ? `${new URL(publicUrl()).host}/${user.handle}` : null,
  }),
);
