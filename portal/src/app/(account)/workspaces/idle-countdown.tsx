"use client";
import { useEffect, useState, type ReactElement } from "react";
import { countdownText } from "./workspace-state";

/** "about 4:05": the time left before an idle workspace is stopped, ticking each second. */
export function IdleCountdown({ stopAt }: { stopAt: string }): ReactElement {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time dateTime={stopAt} suppressHydrationWarning>
      about {countdownText(stopAt, now)}
    </time>
  );
}
