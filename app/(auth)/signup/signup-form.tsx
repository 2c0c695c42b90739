"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { SubmitButton } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { signupAction } from "../actions";

export function SignupForm() {
  const t = useTranslations("auth");
  const [state, action] = useActionState(signupAction, null);
  const errorsOf = useFieldErrors(state);
  const values = state && !state.ok ? state.values : undefined;
  const roleErrors = errorsOf("role");
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Input label={t("email")} name="email" type="email" autoComplete="email" required defaultValue={values?.email} errors={errorsOf("email")} />
      <Input
        label={t("password")}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={t("passwordHint")}
        errors={errorsOf("password")}
      />
      <fieldset className="space-y-2" aria-describedby={roleErrors ? "role-error" : undefined}>
        <legend className="text-sm font-medium text-slate-700">{t("role")}</legend>
        {(["isv", "buyer"] as const).map((role) => (
          <label key={role} className="flex items-start gap-2 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-blue-600">
            <input type="radio" name="role" value={role} defaultChecked={values?.role === role} className="mt-1" />
            <span>
              <span className="font-medium">{t(`roles.${role}`)}</span>
              <span className="block text-slate-500">{t(`roleHints.${role}`)}</span>
            </span>
          </label>
        ))}
        {roleErrors && (
          <p id="role-error" role="alert" className="text-xs text-red-600">
            {roleErrors.join(" ")}
          </p>
        )}
      </fieldset>
      <SubmitButton className="w-full" pendingLabel={t("signingUp")}>
        {t("signup")}
      </SubmitButton>
    </form>
  );
}
