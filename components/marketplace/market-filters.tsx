"use client";
import Form from "next/form";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, type SelectOption } from "@/components/ui/select";

export type FilterIndustry = { name: string; label: string; scenarios: SelectOption[] };
type Values = { q: string; industry: string; scenario: string; tag: string };
type Labels = { search: string; industry: string; scenario: string; tag: string; all: string; apply: string; tags: SelectOption[] };

/** Typing waits this long before the list follows, so a word is not searched letter by letter. */
const TYPING_MS = 400;

/**
 * The market's filters: a GET form (the URL holds them, as the page store expects). With
 * JavaScript every change applies at once and the scenario list follows the industry; without,
 * the <noscript> button submits.
 */
export function MarketFilters({ values, industries, labels }: { values: Values; industries: FilterIndustry[]; labels: Labels }) {
  const form = useRef<HTMLFormElement>(null);
  const [current, setCurrent] = useState(values);
  const [shown, setShown] = useState(values);
  // Back and forward change the URL under the form: follow it.
  if (shown !== values && JSON.stringify(shown) !== JSON.stringify(values)) {
    setShown(values);
    setCurrent(values);
  }
  const [submitAt, setSubmitAt] = useState<{ delay: number } | null>(null);
  useEffect(() => {
    if (!submitAt) return;
    const timer = setTimeout(() => form.current?.requestSubmit(), submitAt.delay);
    return () => clearTimeout(timer);
  }, [submitAt]);

  const change = (patch: Partial<Values>, delay = 0) => {
    setCurrent((v) => ({ ...v, ...patch }));
    setSubmitAt({ delay });
  };
  const chosen = industries.find((i) => i.name === current.industry);
  const scenarios = chosen ? chosen.scenarios : [...new Map(industries.flatMap((i) => i.scenarios).map((s) => [s.value, s])).values()];

  return (
    <Form ref={form} action="/market" role="search" className="flex flex-wrap items-end gap-3">
      <div className="w-56">
        <Input label={labels.search} name="q" type="search" value={current.q} onChange={(e) => change({ q: e.target.value }, TYPING_MS)} />
      </div>
      <div className="w-44">
        <Select
          label={labels.industry}
          name="industry"
          value={current.industry}
          placeholder={labels.all}
          options={industries.map((i) => ({ value: i.name, label: i.label }))}
          onChange={(e) => {
            const next = industries.find((i) => i.name === e.target.value);
            // A scenario of another industry would match nothing.
            const keep = !next || next.scenarios.some((s) => s.value === current.scenario);
            change({ industry: e.target.value, scenario: keep ? current.scenario : "" });
          }}
        />
      </div>
      <div className="w-44">
        <Select label={labels.scenario} name="scenario" value={current.scenario} placeholder={labels.all} options={scenarios} onChange={(e) => change({ scenario: e.target.value })} />
      </div>
      <div className="w-40">
        <Select label={labels.tag} name="tag" value={current.tag} placeholder={labels.all} options={labels.tags} onChange={(e) => change({ tag: e.target.value })} />
      </div>
      <noscript>
        <Button type="submit" variant="secondary">
          {labels.apply}
        </Button>
      </noscript>
    </Form>
  );
}
