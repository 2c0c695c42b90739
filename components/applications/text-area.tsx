"use client";
import { useTranslations } from "next-intl";
import { useId, type TextareaHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";
import { controlClass, describedBy, FieldShell, type FieldProps } from "@/components/ui/input";

/** A labelled textarea wired like Input. */
export function TextArea({ label, errors, hint, className, ...props }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const generated = useId();
  const id = props.id ?? generated;
  const invalid = Boolean(errors?.length);
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint}>
      <textarea
        rows={4}
        {...props}
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(id, invalid, hint)}
        className={cn(controlClass, invalid ? "border-red-500" : "border-slate-300", className)}
      />
    </FieldShell>
  );
}

/** "12 / 300": how much of a length limit is used. */
export function CharCounter({ value, max }: { value: string; max: number }) {
  const t = useTranslations("applications");
  return <span aria-live="polite">{t("counter", { count: value.length, max })}</span>;
}
