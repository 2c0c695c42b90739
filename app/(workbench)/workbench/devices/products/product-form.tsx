"use client";
import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { SubmitButton } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { PROTOCOLS } from "@/db/enums";
import { createProductAction } from "../actions";

export function ProductForm() {
  const t = useTranslations("devices");
  const toast = useToast();
  const [state, create] = useActionState(createProductAction, null);
  const errorsOf = useFieldErrors(state);
  const values = state && !state.ok ? state.values : undefined;
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) {
      form.current?.reset();
      toast.show(t("productCreated"));
    }
  }, [state, t, toast]);

  return (
    <form ref={form} action={create} className="grid max-w-4xl grid-cols-1 items-start gap-3 sm:grid-cols-5" noValidate aria-label={t("createProduct")}>
      <Input label={t("productName")} name="name" maxLength={64} defaultValue={values?.name} errors={errorsOf("name")} />
      <Select
        label={t("protocol")}
        name="protocol"
        defaultValue={values?.protocol ?? "MQTT"}
        options={PROTOCOLS.map((p) => ({ value: p, label: t(`protocols.${p}`) }))}
        errors={errorsOf("protocol")}
      />
      <Input label={t("deviceType")} name="deviceType" maxLength={32} defaultValue={values?.deviceType} errors={errorsOf("deviceType")} />
      <Input label={t("manufacturer")} name="manufacturer" maxLength={32} defaultValue={values?.manufacturer} errors={errorsOf("manufacturer")} />
      <div className="pt-6">
        <SubmitButton pendingLabel={t("working")}>{t("createProduct")}</SubmitButton>
      </div>
      <div className="sm:col-span-5">
        <FormMessage state={state} />
      </div>
    </form>
  );
}
