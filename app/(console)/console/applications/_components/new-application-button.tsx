"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ApplicationDialog, type IndustryOption } from "@/components/applications/application-dialog";
import { Button } from "@/components/ui/button";
import { createApplicationAction } from "../actions";

/** "新建应用"; on success the action redirects to the new application. */
export function NewApplicationButton({ industries }: { industries: IndustryOption[] }) {
  const t = useTranslations("applications");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t("create")}</Button>
      {open && <ApplicationDialog open onClose={() => setOpen(false)} title={t("create")} action={createApplicationAction} industries={industries} />}
    </>
  );
}
