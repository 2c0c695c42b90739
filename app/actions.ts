"use server";
import { cookies } from "next/headers";
import { signOut } from "@/lib/auth/config";
import { getCurrentUser } from "@/lib/auth/guards";
import { endSessions } from "@/lib/users/service";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";

/** Remembers the UI language for a year; anyone may switch, signed in or not. */
export async function setLocaleAction(locale: string): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, toLocale(locale), {
    maxAge: 365 * 24 * 60 * 60,
    path: "/",
    sameSite: "lax",
  });
}

/** Signs out everywhere: every session of the account ends, not only this browser's cookie. */
export async function logoutAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) endSessions(user.id);
  await signOut({ redirectTo: "/login" });
}
