"use client";
import { useEffect, useState, type ReactElement } from "react";
import { workspaceNow } from "../../../actions";
import { IdleWarning } from "../../../idle-warning";
import type { Workspace } from "../../../workspace-state";

/**
 * The idle warning over the desktop, looked up every 15 s: the operator raises it without a live event, and
 * the page must not reload (that would end the desktop session).
 */
export function IdleBanner({ initial }: { initial: Workspace }): ReactElement | null {
  const [workspace, setWorkspace] = useState(initial);
  useEffect(() => {
    const timer = setInterval(() => {
      void workspaceNow(initial.namespace, initial.name).then((now) => now && setWorkspace(now));
    }, 15_000);
    return () => clearInterval(timer);
  }, [initial.namespace, initial.name]);
  return <IdleWarning workspace={workspace} />;
}
