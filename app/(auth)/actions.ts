"use server";
import { AuthError } from "next-auth";
import { failure, formValues, invalid, type ActionResult } from "@/lib/action-result";
import { signIn } from "@/lib/auth/config";
import { homeFor, safeCallbackUrl } from "@/lib/auth/redirects";
import { signupSchema } from "@/lib/users/schema";
import { createUser } from "@/lib/users/service";

export async function loginAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const values = formValues(form, ["password"]);
  try {
    await signIn("credentials", {
      email: form.get("email"),
      password: form.get("password"),
      redirectTo: safeCallbackUrl(form.get("callbackUrl")) ?? "/",
    });
  } catch (error) {
    if (error instanceof AuthError) {
      // One message for a wrong email or a wrong password, so accounts cannot be discovered.
      const code = (error as AuthError & { code?: string }).code;
      return { ok: false, message: code === "tooManyLogins" ? "tooManyLogins" : "invalidCredentials", values };
    }
    throw error; // signIn's success is a redirect, thrown on purpose
  }
  return { ok: true };
}

export async function signupAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const values = formValues(form, ["password"]);
  const parsed = signupSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await createUser({ email: parsed.data.email, password: parsed.data.password, roles: [parsed.data.role] });
  } catch (error) {
    return failure(error, values);
  }
  await signIn("credentials", {
    email: parsed.data.email,
    password: parsed.data.password,
    redirectTo: homeFor([parsed.data.role]),
  });
  return { ok: true };
}
