"use client";
import { useId } from "react";
import { controlClass } from "@/components/ui/input";

/** The part of a JSON Schema property the panel reads (generated from the catalogue's zod). */
export type FieldSchema = { type?: string; default?: unknown; unit?: string; minimum?: number; maximum?: number };

type Props = {
  name: string;
  label: string;
  schema: FieldSchema;
  value: unknown;
  errors: string[];
  images?: string[];
  imagePlaceholder?: string;
  onChange: (value: unknown) => void;
};

const lines = (v: unknown) =>
  Array.isArray(v) ? v.join("\n") : v && typeof v === "object" ? Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join("\n") : "";

/** One control, chosen by the schema's type; empty means "use the default" (the key is dropped). */
export function PropertyField({ name, label, schema, value, errors, images, imagePlaceholder, onChange }: Props) {
  const id = useId();
  const described = errors.length ? `${id}-err` : undefined;
  const common = { id, "aria-invalid": errors.length > 0, "aria-describedby": described, className: `${controlClass} ${errors.length ? "border-red-500" : "border-slate-300"}` };
  let control;
  if (name === "image") {
    control = (
      <select {...common} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{imagePlaceholder}</option>
        {images?.map((ref) => <option key={ref} value={ref}>{ref}</option>)}
        {typeof value === "string" && value && !images?.includes(value) && <option value={value}>{value}</option>}
      </select>
    );
  } else if (schema.type === "boolean") {
    control = <input {...common} className="h-4 w-4" type="checkbox" checked={value === undefined ? schema.default === true : value === true} onChange={(e) => onChange(e.target.checked)} />;
  } else if (schema.type === "number" || schema.type === "integer") {
    control = (
      <input
        {...common}
        type="number"
        min={schema.minimum}
        max={schema.maximum}
        step={schema.type === "integer" ? 1 : "any"}
        placeholder={schema.default === undefined ? "" : String(schema.default)}
        value={typeof value === "number" || typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      />
    );
  } else if (schema.type === "object" || schema.type === "array") {
    const toValue = (text: string) => {
      const rows = text.split("\n").filter((r) => r.trim());
      if (!rows.length) return undefined;
      if (schema.type === "array") return rows;
      return Object.fromEntries(rows.map((r) => [r.split("=")[0].trim(), r.slice(r.indexOf("=") + 1)]));
    };
    control = <textarea {...common} rows={3} defaultValue={lines(value)} onBlur={(e) => onChange(toValue(e.target.value))} />;
  } else {
    control = (
      <input
        {...common}
        type="text"
        placeholder={schema.default === undefined ? "" : String(schema.default)}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
      />
    );
  }
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
        {schema.unit && <span className="ml-1 font-normal text-slate-500">({schema.unit})</span>}
      </label>
      {control}
      {errors.length > 0 && (
        <p id={described} className="text-xs text-red-600">
          {errors.join(" ")}
        </p>
      )}
    </div>
  );
}
