"use client";
import { useEffect } from "react";
import { useRouter } from "next/navigation";

/** Reads the page again every few seconds while something is pending (the live channel may be down). */
export function RefreshWhilePending({ everyMs = 3000 }: { everyMs?: number }): null {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
