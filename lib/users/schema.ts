import { z } from "zod";
import { ROLES } from "@/db/enums";

export const emailSchema = z
  .string({ error: "emailRequired" })
  .trim()
  .toLowerCase()
  .min(1, { error: "emailRequired" })
  .max(254, { error: "emailInvalid" })
  .pipe(z.email({ error: "emailInvalid" }));

export const passwordSchema = z
  .string({ error: "passwordTooShort" })
  .min(8, { error: "passwordTooShort" })
  .max(128, { error: "passwordTooLong" });

export const roleSchema = z.enum(ROLES, { error: "roleRequired" });

/** Self-service sign-up: ISV or buyer; operators are made by operators or the admin command. */
export const signupSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  role: z.enum(["isv", "buyer"], { error: "roleRequired" }),
});
export type SignupInput = z.infer<typeof signupSchema>;

export const createUserSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  roles: z.array(roleSchema).min(1, { error: "roleRequired" }),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

/** The login form as sent; verifyLogin judges it and answers alike for anything wrong. */
export const loginFormSchema = z.object({
  email: z.string().catch(""),
  password: z.string().catch(""),
  callbackUrl: z.string().optional().catch(undefined),
});

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, { error: "emailRequired" }).max(254),
  password: z.string().min(1, { error: "passwordRequired" }).max(128),
});
