"use client";
import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import { SecretReveal } from "@/components/devices/secret-reveal";
import { Button, SubmitButton } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { FormMessage, useFieldErrors } from "@/components/shell/form-message";
import { registerDeviceAction } from "../actions";
import type { ProductOption } from "./register-dialog";

export function SingleRegisterForm({ products, onClose }: { products: ProductOption[]; onClose: () => void }) {
  const t = useTranslations("devices");
  const [state, register] = useActionState(registerDeviceAction, null);
  const errorsOf = useFieldErrors(state);
  const values = state && !state.ok ? state.values : undefined;
  const [authType, setAuthType] = useState(values?.authType ?? "SECRET");
  const [productId, setProductId] = useState(values?.productId ?? products[0]?.id ?? "");
  const coap = products.find((p) => p.id === productId)?.protocol === "CoAP";

  if (state?.ok && state.data) {
    return (
      <div className="space-y-4">
        <p role="status" className="font-medium text-emerald-700">
          {t("registered", { nodeId: state.data.nodeId })}
        </p>
        <SecretReveal deviceId={state.data.deviceId} secret={state.data.secret} />
        <div className="flex justify-end">
          <Button onClick={onClose}>{t("savedIt")}</Button>
        </div>
      </div>
    );
  }
  return (
    <form action={register} className="space-y-3" noValidate>
      <Select
        label={`${t("product")} *`}
        name="productId"
        value={productId}
        onChange={(e) => setProductId(e.target.value)}
        options={products.map((p) => ({ value: p.id, label: `${p.name} (${p.protocol})` }))}
        placeholder={products.length ? undefined : t("noProductsShort")}
        errors={errorsOf("productId")}
      />
      <Input label={`${t("nodeId")} *`} name="nodeId" maxLength={64} defaultValue={values?.nodeId} hint={t("nodeIdHint")} errors={errorsOf("nodeId")} />
      <Input label={t("deviceName")} name="name" maxLength={256} defaultValue={values?.name} errors={errorsOf("name")} />
      <Select
        label={t("authType")}
        name="authType"
        value={authType}
        onChange={(e) => setAuthType(e.target.value)}
        options={[
          { value: "SECRET", label: t("authTypes.SECRET") },
          { value: "CERTIFICATES", label: t("authTypes.CERTIFICATES") },
        ]}
        errors={errorsOf("authType")}
      />
      {authType === "SECRET" ? (
        <>
          <Input
            label={t("secret")}
            name="secret"
            type="password"
            autoComplete="new-password"
            hint={coap ? t("secretHintCoap") : t("secretHint")}
            errors={errorsOf("secret")}
          />
          <Input label={t("secretConfirm")} name="secretConfirm" type="password" autoComplete="new-password" errors={errorsOf("secretConfirm")} />
        </>
      ) : (
        <Input label={`${t("fingerprint")} *`} name="fingerprint" defaultValue={values?.fingerprint} hint={t("fingerprintHint")} errors={errorsOf("fingerprint")} />
      )}
      <FormMessage state={state} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          {t("cancel")}
        </Button>
        <SubmitButton pendingLabel={t("working")}>{t("submitRegister")}</SubmitButton>
      </div>
    </form>
  );
}
