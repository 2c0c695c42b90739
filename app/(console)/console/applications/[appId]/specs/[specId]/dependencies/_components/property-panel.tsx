"use client";
import { useMemo } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { canDependOn, propertiesJsonSchema } from "@/lib/catalog/catalog";
import type { GraphProblem } from "@/lib/catalog/validate";
import type { ResourceData, ResourceNode } from "./graph-state";
import { PropertyField, type FieldSchema } from "./property-field";

type Props = {
  node: ResourceNode;
  nodes: ResourceNode[];
  dependsOn: string[];
  problems: GraphProblem[];
  images: string[];
  describe: (p: GraphProblem) => string;
  canConnect: (from: string, to: string) => boolean;
  onChange: (data: ResourceData) => void;
  onDependency: (to: string, on: boolean) => void;
  onDelete: () => void;
};

/** The selected node's name, properties (generated from its JSON Schema) and dependencies. */
export function PropertyPanel({ node, nodes, dependsOn, problems, images, describe, canConnect, onChange, onDependency, onDelete }: Props) {
  const t = useTranslations("dependencies");
  const { type, properties } = node.data;
  const fields = useMemo(() => Object.entries((propertiesJsonSchema(type).properties ?? {}) as Record<string, FieldSchema>), [type]);
  const errorsAt = (path: string) => problems.filter((p) => p.path === path || p.path?.startsWith(`${path}.`)).map(describe);
  const setProperty = (name: string, value: unknown) => {
    const next = { ...properties };
    if (value === undefined) delete next[name];
    else next[name] = value;
    onChange({ ...node.data, properties: next });
  };
  const candidates = nodes.filter((n) => n.id !== node.id && canDependOn(type, n.data.type));
  const offerable = (id: string) => dependsOn.includes(id) || canConnect(node.id, id);
  const general = problems.filter((p) => !p.path).map(describe);

  return (
    <aside aria-label={t("propertiesOf", { name: node.data.name || node.id })} className="space-y-3 rounded-lg border border-slate-200 bg-white p-3">
      <h2 className="font-medium">{t("propertiesOf", { name: node.data.name || node.id })}</h2>
      {general.length > 0 && (
        <ul className="list-disc space-y-1 pl-5 text-xs text-red-600">
          {general.map((m, i) => <li key={i}>{m}</li>)}
        </ul>
      )}
      <PropertyField
        name="name"
        label={t("fields.name")}
        schema={{ type: "string", default: node.id }}
        value={node.data.name}
        errors={[]}
        onChange={(v) => onChange({ ...node.data, name: typeof v === "string" ? v : undefined })}
      />
      {fields.map(([name, schema]) => (
        <PropertyField
          key={`${node.id}-${name}`}
          name={name}
          label={t.has(`fields.${name}`) ? t(`fields.${name}`) : name}
          schema={schema}
          value={properties[name]}
          errors={errorsAt(name)}
          images={images}
          imagePlaceholder={t("chooseImage")}
          onChange={(v) => setProperty(name, v)}
        />
      ))}
      {candidates.length > 0 && (
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-700">{t("dependsOnLegend")}</legend>
          {candidates.map((n) => (
            <label key={n.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={dependsOn.includes(n.id)} disabled={!offerable(n.id)} onChange={(e) => onDependency(n.id, e.target.checked)} />
              {n.data.name || n.id}
            </label>
          ))}
        </fieldset>
      )}
      <Button variant="danger" size="sm" onClick={onDelete}>
        {t("deleteNode")}
      </Button>
    </aside>
  );
}
