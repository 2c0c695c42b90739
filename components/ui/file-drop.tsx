"use client";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useRef, useState, type ReactNode, type RefObject } from "react";
import { formatBytes } from "./bytes";
import { Button } from "./button";
import { cn } from "./cn";
import { describedBy, FieldShell } from "./input";

/** The zone's frame, for a panel that shows something else in its place (an upload under way). */
export const DROP_ZONE_CLASS = "space-y-3 rounded-lg border-2 border-dashed p-5";

type DropZoneProps = {
  /** The file input's id, named by a `<label htmlFor>` whose id is `labelId`. */
  inputId?: string;
  labelId?: string;
  /** The input's own name when no label element names it. */
  inputLabel?: string;
  /** With a name the input's files go with the form; without one it only picks, and is cleared after each pick. */
  name?: string;
  accept?: string;
  multiple?: boolean;
  buttonLabel?: ReactNode;
  describedBy?: string;
  invalid?: boolean;
  inputRef?: RefObject<HTMLInputElement | null>;
  onFiles: (files: File[]) => void;
  children?: ReactNode;
};

/**
 * The dashed zone files are dropped on or chosen from, with our own translated button instead of
 * the browser's "Choose File / No file chosen". The real input stays in the page (out of sight
 * and out of the tab order: the button is the keyboard's way in), so forms submit it as usual.
 */
export function DropZone({ inputId, labelId, inputLabel, name, accept, multiple, buttonLabel, describedBy, invalid, inputRef, onFiles, children }: DropZoneProps) {
  const t = useTranslations("fileDrop");
  const own = useRef<HTMLInputElement>(null);
  const input = inputRef ?? own;
  const buttonTextId = useId();
  const [dragging, setDragging] = useState(false);
  return (
    <div
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const files = [...e.dataTransfer.files];
        if (files.length) onFiles(multiple ? files : files.slice(0, 1));
      }}
      className={cn(
        DROP_ZONE_CLASS,
        dragging ? "border-blue-500 bg-blue-50" : invalid ? "border-red-400 bg-white" : "border-slate-300 bg-white",
      )}
    >
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={() => input.current?.click()} aria-labelledby={labelId ? `${buttonTextId} ${labelId}` : undefined} aria-describedby={describedBy}>
          <span id={buttonTextId}>{buttonLabel ?? t(multiple ? "chooseFiles" : "chooseFile")}</span>
        </Button>
        <span className="text-sm text-slate-500">{t("dropHint", { count: multiple ? 2 : 1 })}</span>
        <input
          ref={input}
          id={inputId}
          name={name}
          type="file"
          aria-label={inputLabel}
          accept={accept}
          multiple={multiple}
          tabIndex={-1}
          className="sr-only"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            if (!name) e.target.value = "";
            if (files.length) onFiles(files);
          }}
        />
      </div>
      {children}
    </div>
  );
}

type FileDropProps = {
  label: string;
  name: string;
  accept?: string;
  multiple?: boolean;
  /** At most this many files (multiple only); more get `tooManyKey` (of `errors`) or a plain "at most". */
  max?: number;
  tooManyKey?: string;
  /** The same checks the server makes: an error key of the `errors` namespace, or null. */
  check?: (file: File) => Promise<string | null> | string | null;
  /** Placeholders of the error messages (limits). */
  errorParams?: Record<string, string | number>;
  hint?: ReactNode;
  /** Translated errors from outside (the server's, a required check), shown until the files change. */
  errors?: string[];
  onChange?: (files: File[]) => void;
};

/**
 * A form's file field: drop or choose, each file checked at once and listed with a preview, its
 * size and a remove button. The chosen files live in a real `<input type=file name>` (set through
 * DataTransfer), so they go with the form's own submission; the server judges them again.
 */
export function FileDrop({ label, name, accept, multiple, max, tooManyKey, check, errorParams, hint, errors, onChange }: FileDropProps) {
  const t = useTranslations("fileDrop");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const chosen = useRef<File[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);
  // New errors from outside are shown even when the files changed before them.
  const errorText = errors?.join(" ") ?? "";
  const [seenErrors, setSeenErrors] = useState(errorText);
  if (seenErrors !== errorText) {
    setSeenErrors(errorText);
    setChanged(false);
  }

  function put(next: File[]) {
    const transfer = new DataTransfer();
    next.forEach((file) => transfer.items.add(file));
    input.current!.files = transfer.files;
    chosen.current = next;
  }

  function keep(next: File[]) {
    put(next);
    setFiles(next);
    setChanged(true);
    onChange?.(next);
  }

  // React resets a form after its action ran; the files stay chosen (a refused submission keeps them).
  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const restore = () => setTimeout(() => put(chosen.current));
    const submitted = () => setChanged(false);
    form.addEventListener("reset", restore);
    form.addEventListener("submit", submitted);
    return () => {
      form.removeEventListener("reset", restore);
      form.removeEventListener("submit", submitted);
    };
  }, []);

  async function add(picked: File[]) {
    const refused: string[] = [];
    const passed: File[] = [];
    for (const file of picked) {
      const key = check ? await check(file) : null;
      if (key) refused.push(t("refused", { name: file.name, reason: tErrors(key, errorParams) }));
      else passed.push(file);
    }
    let next = multiple ? [...chosen.current, ...passed] : passed.length ? passed.slice(0, 1) : chosen.current;
    if (multiple && max && next.length > max) {
      next = next.slice(0, max);
      refused.push(tooManyKey ? tErrors(tooManyKey, { max, ...errorParams }) : t("tooMany", { max }));
    }
    keep(next);
    setProblem(refused.join(" ") || null);
  }

  function remove(index: number) {
    keep(chosen.current.filter((_, i) => i !== index));
    setProblem(null);
  }

  const shown = problem ? [problem] : changed ? undefined : errors;
  const description = describedBy(id, Boolean(shown?.length), hint);
  return (
    <FieldShell id={id} label={label} hint={hint} errors={shown}>
      <DropZone inputId={id} labelId={`${id}-label`} name={name} accept={accept} multiple={multiple} describedBy={description} invalid={Boolean(shown?.length)} inputRef={input} onFiles={add}>
        {multiple && max ? <p className="text-xs text-slate-500">{t("count", { count: files.length, max })}</p> : null}
        {files.length > 0 && (
          <ul aria-label={t("chosen", { label })} className="divide-y divide-slate-100 rounded-md border border-slate-200">
            {files.map((file, i) => (
              <li key={`${i}-${file.name}-${file.size}`} className="flex items-center gap-3 p-2 text-sm">
                <Preview file={file} alt={t("preview", { name: file.name })} />
                <span className="min-w-0 flex-1 truncate font-medium" title={file.name}>
                  {file.name}
                </span>
                <span className="whitespace-nowrap text-slate-500 tabular-nums">{formatBytes(file.size, locale)}</span>
                <Button variant="ghost" size="sm" aria-label={t("remove", { name: file.name })} onClick={() => remove(i)}>
                  {t("removeShort")}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </DropZone>
    </FieldShell>
  );
}

/**
 * A thumbnail of an image file (an object URL, released with the element); other files, and images
 * the browser cannot draw, get a sheet icon.
 */
function Preview({ file, alt }: { file: File; alt: string }) {
  const [broken, setBroken] = useState(false);
  const show = useCallback(
    (img: HTMLImageElement | null) => {
      if (!img) return;
      const url = URL.createObjectURL(file);
      img.src = url;
      return () => URL.revokeObjectURL(url);
    },
    [file],
  );
  if (broken || !file.type.startsWith("image/")) {
    return (
      <svg viewBox="0 0 24 24" aria-hidden="true" className="h-12 w-12 shrink-0 rounded border border-slate-200 bg-slate-50 p-2 text-slate-400" fill="none" stroke="currentColor" strokeWidth="1.5">
        <path d="M7 3h7l5 5v13H7z M14 3v5h5" />
      </svg>
    );
  }
  // eslint-disable-next-line @next/next/no-img-element -- a local object URL: nothing for next/image to optimise
  return <img ref={show} alt={alt} onError={() => setBroken(true)} className="h-12 w-12 shrink-0 rounded border border-slate-200 bg-slate-50 object-contain" />;
}
