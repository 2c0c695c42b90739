"use client";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useRef, useState } from "react";
import * as tus from "tus-js-client";
import { formatBytes } from "@/components/ui/bytes";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DROP_ZONE_CLASS, DropZone } from "@/components/ui/file-drop";
import { Progress } from "@/components/ui/progress";
import { useToast } from "@/components/ui/toast";
import { MAX_ARCHIVE_BYTES, parseImageFileName } from "@/lib/images/naming";

type Transfer = { name: string; sent: number; total: number; bytesPerSecond: number; resumed: boolean };

/** The server's `{error_code}` when it refused, so the message can be translated. */
function refusalCode(error: Error): string | null {
  const body = (error as tus.DetailedError).originalResponse?.getBody();
  try {
    return body ? (JSON.parse(body) as { error_code?: string }).error_code ?? null : null;
  } catch {
    return null;
  }
}

/**
 * Picks or takes a dropped archive, checks its name before sending a byte, and uploads it with
 * tus; an upload of the same file that stopped earlier (tab closed, server restarted) continues.
 */
export function UploadPanel() {
  const t = useTranslations("images");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const router = useRouter();
  const toast = useToast();
  const current = useRef<tus.Upload | null>(null);
  const [transfer, setTransfer] = useState<Transfer | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function start(file: File) {
    setError(null);
    if (!parseImageFileName(file.name)) return setError(tErrors("fileNameInvalid"));
    if (file.size === 0) return setError(tErrors("fileEmpty"));
    if (file.size > MAX_ARCHIVE_BYTES) return setError(tErrors("archiveTooLarge"));

    const samples: { at: number; sent: number }[] = [];
    const upload = new tus.Upload(file, {
      endpoint: "/api/uploads",
      metadata: { filename: file.name, filetype: file.type || "application/x-tar" },
      retryDelays: [0, 1000, 3000, 5000, 10000],
      removeFingerprintOnSuccess: true,
      // A refusal (4xx) will not change by retrying; network trouble and 5xx may.
      onShouldRetry: (err) => {
        const status = (err as tus.DetailedError).originalResponse?.getStatus() ?? 0;
        return status === 0 || status >= 500 || status === 423;
      },
      onProgress: (sent, total) => {
        const now = performance.now();
        samples.push({ at: now, sent });
        while (samples.length > 2 && now - samples[0].at > 5000) samples.shift();
        const first = samples[0];
        const bytesPerSecond = now > first.at ? ((sent - first.sent) / (now - first.at)) * 1000 : 0;
        setTransfer((prev) => ({ name: file.name, sent, total, bytesPerSecond, resumed: prev?.resumed ?? false }));
      },
      onSuccess: () => {
        current.current = null;
        setTransfer(null);
        toast.show(t("uploaded", { name: file.name }));
        router.refresh();
      },
      onError: (err) => {
        current.current = null;
        setTransfer(null);
        const code = refusalCode(err);
        setError(code && tErrors.has(code) ? tErrors(code) : tErrors("uploadFailed"));
        router.refresh();
      },
    });
    current.current = upload;
    const previous = await upload.findPreviousUploads();
    const resumable = previous.find((p) => p.size === file.size);
    if (resumable) upload.resumeFromPreviousUpload(resumable);
    setTransfer({ name: file.name, sent: 0, total: file.size, bytesPerSecond: 0, resumed: Boolean(resumable) });
    upload.start();
    router.refresh(); // the new version shows as "uploading"
  }

  async function cancel() {
    const upload = current.current;
    current.current = null;
    setTransfer(null);
    if (upload) {
      await upload.abort(true).catch(() => {});
      toast.show(t("cancelled"), "info");
      router.refresh();
    }
  }

  const notes = (
    <>
      <p className="text-xs text-slate-500">{t("namingRule")}</p>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </>
  );
  if (!transfer) {
    return (
      <DropZone inputLabel={t("chooseFile")} buttonLabel={t("upload")} accept=".tar,.gz,.qcow2,.raw,.vmdk,.ova" onFiles={(files) => void start(files[0]!)}>
        {notes}
      </DropZone>
    );
  }
  // While a file uploads the zone shows the transfer and takes no other (a drop must not open the file in the tab).
  const secondsLeft = transfer.bytesPerSecond > 0 ? (transfer.total - transfer.sent) / transfer.bytesPerSecond : null;
  return (
    <div className={cn(DROP_ZONE_CLASS, "border-slate-300 bg-white")} onDragOver={(e) => e.preventDefault()} onDrop={(e) => e.preventDefault()}>
      <div className="space-y-2" aria-live="polite">
        <div className="flex items-center justify-between gap-4 text-sm">
          <span className="font-medium">{t("uploading", { name: transfer.name })}</span>
          <Button variant="secondary" size="sm" onClick={cancel}>
            {t("cancel")}
          </Button>
        </div>
        {transfer.resumed && <p className="text-xs text-slate-500">{t("resuming", { percent: Math.floor((transfer.sent / transfer.total) * 100) })}</p>}
        <Progress value={transfer.sent} max={transfer.total} label={t("progressLabel")} />
        <p className="flex flex-wrap gap-x-4 text-xs text-slate-600">
          <span>
            {formatBytes(transfer.sent, locale)} / {formatBytes(transfer.total, locale)} ({Math.floor((transfer.sent / transfer.total) * 100)}%)
          </span>
          {transfer.bytesPerSecond > 0 && <span>{t("speed", { speed: formatBytes(transfer.bytesPerSecond, locale) })}</span>}
          {secondsLeft !== null && <span>{t("timeLeft", { time: formatDuration(secondsLeft, locale) })}</span>}
        </p>
      </div>
      {notes}
    </div>
  );
}

function formatDuration(seconds: number, locale: string): string {
  const s = Math.max(1, Math.round(seconds));
  const [value, unit] = s >= 3600 ? [s / 3600, "hour"] : s >= 60 ? [s / 60, "minute"] : [s, "second"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long", maximumFractionDigits: 0 }).format(value);
}
