"use server";
import { formAction } from "@/lib/action";
import { signIn } from "@/lib/auth/config";
import { homeFor } from "@/lib/auth/redirects";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { loginFormSchema, signupSchema } from "@/lib/users/schema";
import { createUser } from "@/lib/users/service";

export const loginAction = formAction({ role: "anyone", schema: loginFormSchema, secret: ["password"] }, (_, input) => signInWithPassword(input));

/** The new account is signed in and lands in its first workspace. */
export const signupAction = formAction({ role: "anyone", schema: signupSchema, secret: ["password"] }, async (_, { email, password, role }) => {
  await createUser({ email, password, roles: [role] });
  await signIn("credentials", { email, password, redirectTo: homeFor([role]) });
});
