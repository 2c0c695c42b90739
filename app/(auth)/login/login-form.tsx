"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { SubmitButton } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FormMessage } from "@/components/shell/form-message";
import { loginAction } from "../actions";

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations("auth");
  const [state, action] = useActionState(loginAction, null);
  const values = state && !state.ok ? state.values : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <Input label={t("email")} name="email" type="email" autoComplete="username" required defaultValue={values?.email} />
      <Input label={t("password")} name="password" type="password" autoComplete="current-password" required />
      <SubmitButton className="w-full" pendingLabel={t("signingIn")}>
        {t("login")}
      </SubmitButton>
    </form>
  );
}
