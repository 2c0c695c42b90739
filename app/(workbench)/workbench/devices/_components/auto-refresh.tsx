"use client";
import { useEffect } from "react";
import { useRouter } from "next/navigation";

/** Re-reads the page every two seconds (or `everyMs`) while what it shows can change: a running task, device status. */
export function AutoRefresh({ active, everyMs = 2000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, router]);
  return null;
}
