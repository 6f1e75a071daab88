import type { ReactElement } from "react";
import { Notice } from "../../../components/ui";
import { IdleCountdown } from "./idle-countdown";
import { idleStopAt, type Workspace } from "./workspace-state";

/** "No activity: it stops in about 4:05 unless you use it", while the operator warns of an idle stop. */
export function IdleWarning({ workspace }: { workspace: Workspace }): ReactElement | null {
  const stopAt = idleStopAt(workspace);
  if (!stopAt) return null;
  const owner = workspace.mode === "interactive";
  return (
    <Notice tone="warn" title="No activity">
      {owner ? "It stops in " : "It will be stopped in "}
      <IdleCountdown stopAt={stopAt} /> {owner ? "unless you use it." : "unless the freelancer uses it."}
    </Notice>
  );
}
