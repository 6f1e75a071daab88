"use client";
import { useEffect } from "react";
import { useRouter } from "next/navigation";

/**
 * Looks again every few seconds while `active`: the operator moves a workspace through its phases without a
 * live event for each, so a start or stop in progress is followed by asking.
 */
export function RefreshWhile({ active, everyMs = 3000 }: { active: boolean; everyMs?: number }): null {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, router]);
  return null;
}
