"use client";
import { useEffect, useId, useRef, type SelectHTMLAttributes } from "react";
import { cn } from "./cn";
import { controlClass, describedBy, FieldShell, type FieldProps } from "./input";

export type SelectOption = { value: string; label: string };

/** A labelled <select>; a controlled one keeps its value when its form is reset. */
export function Select({
  label,
  errors,
  hint,
  options,
  placeholder,
  className,
  ...props
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: SelectOption[]; placeholder?: string }) {
  const generated = useId();
  const id = props.id ?? generated;
  const invalid = Boolean(errors?.length);
  const ref = useRef<HTMLSelectElement>(null);
  const { value } = props;
  useEffect(() => {
    const form = ref.current?.form;
    if (value === undefined || !form) return;
    // React 19 resets a form once its action has run, a refused one too, and a reset puts a
    // controlled <select> back on its first option while React's state still holds the choice
    // (the dialog showed 请选择 after "name taken"). The state's value is put back after the reset.
    const restore = () => setTimeout(() => ref.current && (ref.current.value = String(value)));
    form.addEventListener("reset", restore);
    return () => form.removeEventListener("reset", restore);
  }, [value]);
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint}>
      <select
        {...props}
        ref={ref}
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(id, invalid, hint)}
        className={cn(controlClass, invalid ? "border-red-500" : "border-slate-300", className)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
