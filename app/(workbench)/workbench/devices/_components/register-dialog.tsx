"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { BatchRegisterForm } from "./batch-register-form";
import { SingleRegisterForm } from "./single-register-form";

export type ProductOption = { id: string; name: string; protocol: "MQTT" | "CoAP" | "HTTP" };

/** 设备注册: one device by form (单设备注册) or many from a file (批量注册). */
export function RegisterDialog({ products }: { products: ProductOption[] }) {
  const t = useTranslations("devices");
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<"single" | "batch">("single");
  // A new form (and no old secret) each time the dialog opens.
  const [generation, setGeneration] = useState(0);
  const close = () => setOpen(false);
  return (
    <>
      <Button
        onClick={() => {
          setGeneration((g) => g + 1);
          setOpen(true);
        }}
      >
        {t("register")}
      </Button>
      <Dialog open={open} onClose={close} title={t("registerTitle")}>
        <fieldset className="mb-4 flex gap-6">
          <legend className="mb-1 text-sm font-medium text-slate-700">{t("registerMode")}</legend>
          {(["single", "batch"] as const).map((m) => (
            <label key={m} className="flex items-center gap-2">
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              {t(m === "single" ? "modeSingle" : "modeBatch")}
            </label>
          ))}
        </fieldset>
        {mode === "single" ? (
          <SingleRegisterForm key={generation} products={products} onClose={close} />
        ) : (
          <BatchRegisterForm key={generation} onClose={close} />
        )}
      </Dialog>
    </>
  );
}
