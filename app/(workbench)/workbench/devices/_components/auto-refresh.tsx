"use client";
import { useEffect } from "react";
import { useRouter } from "next/navigation";

/** Re-reads the page every two seconds while a task it shows is still running. */
export function AutoRefresh({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [active, router]);
  return null;
}
