import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import { cn } from "./cn";

export const controlClass =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm " +
  "focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/20 disabled:bg-slate-100";

export type FieldProps = {
  label: ReactNode;
  /** Already translated error messages for this field. */
  errors?: string[];
  hint?: ReactNode;
};

/**
 * The `aria-describedby` of a field's control: its error first, then its hint. The hint (the
 * limits, the format) stays in sight beside an error, which often refers to it.
 */
export function describedBy(id: string, invalid: boolean, hint: ReactNode): string | undefined {
  return [invalid && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(" ") || undefined;
}

/** Label (id `${id}-label`), control, hint and errors, wired together for screen readers. */
export function FieldShell({
  id,
  label,
  errors,
  hint,
  children,
}: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label id={`${id}-label`} htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-xs text-red-600" role="alert">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function Input({ label, errors, hint, className, ...props }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const generated = useId();
  const id = props.id ?? generated;
  const invalid = Boolean(errors?.length);
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint}>
      <input
        {...props}
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(id, invalid, hint)}
        className={cn(controlClass, invalid ? "border-red-500" : "border-slate-300", className)}
      />
    </FieldShell>
  );
}
