import "server-only";
import { headers } from "next/headers";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { RateLimitedError } from "@/lib/errors";
import { log } from "@/lib/log/logger.mjs";
import { clientAddress } from "./client-address";
import { verifyLogin } from "./login";
import { authSecret } from "./secret";
import { SIGNED_IN_AT, sessionCookieUser, sessionUser } from "./sessions";

/** A refused login whose reason (a message key) the sign-in form shows. */
class RefusedLogin extends CredentialsSignin {
  constructor(override code: string) {
    super();
  }
}

// Lazy so that nothing touches DATA_DIR while `next build` collects pages.
export const { handlers, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  // Self-hosted behind whatever host name the operator chose; Auth.js must trust the Host header.
  trustHost: true,
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  // A wrong password is an expected outcome, answered in the form; not a server error to log.
  logger: {
    error(error) {
      if ((error as { type?: string }).type !== "CredentialsSignin") log.error({ err: error }, "Auth.js error");
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        try {
          const user = await verifyLogin(credentials, clientAddress(request.headers));
          return user ? { id: user.id, email: user.email } : null;
        } catch (error) {
          if (error instanceof RateLimitedError) throw new RefusedLogin(error.message);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    // Stamps the sign-in time into the token; a token signed in before the account's sessions were
    // ended is no session any more (Auth.js then clears the cookie where it can).
    jwt({ token, user }) {
      if (user) return { ...token, [SIGNED_IN_AT]: Date.now() };
      return sessionUser(token) ? token : null;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));

/**
 * The session of this request, for pages and server actions: the session cookie decoded directly
 * (sessionCookieUser), not Auth.js's own `auth()`, which runs its whole session action per call and
 * encrypts a refreshed token that a server component cannot set anyway.
 */
export async function auth(): Promise<{ user: { id: string } } | null> {
  const user = await sessionCookieUser((await headers()).get("cookie"));
  return user ? { user: { id: user.id } } : null;
}
