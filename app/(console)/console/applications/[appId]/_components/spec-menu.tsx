"use client";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

const item = "block w-full px-4 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 focus:bg-slate-100 focus:outline-none";

/** "更多": a small menu button; Escape or a click elsewhere closes it. */
export function SpecMenu({
  spec,
  exportHref,
  onEdit,
  onDelete,
  onCopy,
}: {
  spec: { name: string };
  exportHref: string;
  onEdit: () => void;
  onDelete: () => void;
  onCopy: () => void;
}) {
  const t = useTranslations("specs");
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const run = (fn: () => void) => () => {
    setOpen(false);
    fn();
  };
  return (
    <div ref={ref} className="relative inline-block text-left">
      <Button variant="secondary" size="sm" aria-label={t("moreFor", { name: spec.name })} aria-haspopup="menu" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {t("more")}
      </Button>
      {open && (
        <div id={id} role="menu" aria-label={t("moreFor", { name: spec.name })} className="absolute right-0 z-10 mt-1 w-36 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          <button type="button" role="menuitem" className={item} onClick={run(onEdit)}>
            {t("edit")}
          </button>
          <button type="button" role="menuitem" className={item} onClick={run(onDelete)}>
            {t("delete")}
          </button>
          <a role="menuitem" className={item} href={exportHref} download onClick={() => setOpen(false)}>
            {t("export")}
          </a>
          <button type="button" role="menuitem" className={item} onClick={run(onCopy)}>
            {t("copy")}
          </button>
        </div>
      )}
    </div>
  );
}
