"use server";
import { cookies } from "next/headers";
import { signOut } from "@/lib/auth/config";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";

/** Remembers the UI language for a year; anyone may switch, signed in or not. */
export async function setLocaleAction(locale: string): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, toLocale(locale), {
    maxAge: 365 * 24 * 60 * 60,
    path: "/",
    sameSite: "lax",
  });
}

export async function logoutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
