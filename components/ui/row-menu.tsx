"use client";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "./button";

const itemClass = "block w-full px-4 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 focus:bg-slate-100 focus:outline-none";

export type RowMenuItem = { label: string; onSelect: () => void } | { label: string; href: string; download?: boolean };

/**
 * A row's "…" menu: a small button opening a list of actions; Escape, a click elsewhere or a scroll
 * closes it. The list is placed fixed under the button, so a table's scrolling box never clips it.
 */
export function RowMenu({ label, buttonText, items }: { label: string; buttonText: string; items: RowMenuItem[] }) {
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState<{ top: number; right: number } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const dismiss = () => setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    window.addEventListener("scroll", dismiss, true);
    window.addEventListener("resize", dismiss);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
      window.removeEventListener("scroll", dismiss, true);
      window.removeEventListener("resize", dismiss);
    };
  }, [open]);

  return (
    <div ref={ref} className="relative inline-block text-left">
      <Button
        variant="secondary"
        size="sm"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        onClick={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          setAt({ top: box.bottom + 4, right: document.documentElement.clientWidth - box.right });
          setOpen(!open);
        }}
      >
        {buttonText}
      </Button>
      {open && at && (
        <div id={id} role="menu" aria-label={label} style={at} className="fixed z-30 w-36 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          {items.map((item) =>
            "href" in item ? (
              <a key={item.label} role="menuitem" className={itemClass} href={item.href} download={item.download} onClick={() => setOpen(false)}>
                {item.label}
              </a>
            ) : (
              <button
                key={item.label}
                type="button"
                role="menuitem"
                className={itemClass}
                onClick={() => {
                  setOpen(false);
                  item.onSelect();
                }}
              >
                {item.label}
              </button>
            ),
          )}
        </div>
      )}
    </div>
  );
}
