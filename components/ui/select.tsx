import { useId, type SelectHTMLAttributes } from "react";
import { cn } from "./cn";
import { controlClass, FieldShell, type FieldProps } from "./input";

export type SelectOption = { value: string; label: string };

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
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint}>
      <select
        {...props}
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
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
