"use client";
import { useEffect, useRef, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "./button";

/** The longest wait between two polls of a page whose data keeps not changing. */
const MAX_IDLE_MS = 30_000;

/**
 * Calls `tick` every `everyMs` while `active` and the tab is visible. A hidden tab polls nothing;
 * shown again, it polls at once and goes on. With `version` (a fingerprint of what the page shows),
 * each poll that finds it unchanged since the previous one doubles the wait, up to 30 s, and a change
 * brings it back to `everyMs`: an open page that nothing happens on costs the server little.
 */
export function usePolling(tick: () => void, { active, everyMs, version }: { active: boolean; everyMs: number; version?: string }) {
  const tickRef = useRef(tick);
  const versionRef = useRef(version);
  useEffect(() => {
    tickRef.current = tick;
    versionRef.current = version;
  });
  const backoff = version !== undefined;
  useEffect(() => {
    if (!active) return;
    let delay = everyMs;
    let seen = versionRef.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      if (document.visibilityState === "visible") timer = setTimeout(poll, delay);
    };
    const poll = () => {
      if (backoff) {
        delay = versionRef.current === seen ? Math.min(delay * 2, MAX_IDLE_MS) : everyMs;
        seen = versionRef.current;
      }
      tickRef.current();
      schedule();
    };
    const onVisibility = () => {
      if (document.visibilityState !== "visible") return clearTimeout(timer);
      delay = everyMs;
      poll();
    };
    document.addEventListener("visibilitychange", onVisibility);
    schedule();
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [active, everyMs, backoff]);
}

/**
 * Re-reads the page every two seconds (or `everyMs`) while what it shows can change: a running
 * task, device status. Polls only in a visible tab, and less often while `version` stays the same.
 */
export function AutoRefresh({ active, everyMs = 2000, version }: { active: boolean; everyMs?: number; version?: string }) {
  const router = useRouter();
  usePolling(() => router.refresh(), { active, everyMs, version });
  return null;
}

/** "刷新": re-reads the page's data from the server now. */
export function RefreshButton({ label }: { label: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button variant="secondary" disabled={pending} aria-busy={pending} onClick={() => startTransition(() => router.refresh())}>
      {label}
    </Button>
  );
}
