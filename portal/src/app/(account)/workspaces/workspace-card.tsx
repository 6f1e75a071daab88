import Link from "next/link";
import type { ReactElement } from "react";
import { Badge } from "../../../components/ui";
import { formatDateTime } from "../../../lib/dates";
import type { ContractTitles } from "./contract-titles";
import { IdleWarning } from "./idle-warning";
import { WorkspaceControls } from "./workspace-controls";
import { actionsFor, statusOf, waitingHint, workspacePath, type Workspace } from "./workspace-state";
import styles from "./workspaces.module.css";

/** One workspace in the list: what it is for, how it stands, and what the viewer may do with it. */
export function WorkspaceCard(props: {
  workspace: Workspace;
  titles: ContractTitles | undefined;
}): ReactElement {
  const { workspace: ws, titles } = props;
  const status = statusOf(ws);
  const milestone = ws.milestoneId ? titles?.milestones[ws.milestoneId] : undefined;
  const path = workspacePath(ws);
  return (
    <li className={styles.card}>
      <div className={styles.head}>
        <h2 className={styles.title}>
          <Link href={path}>{milestone ?? ws.name}</Link>
        </h2>
        <Badge tone={status.tone}>{status.text}</Badge>
      </div>
      <p className={styles.sub}>
        {titles?.title ?? "Workspace"} · {ws.mode === "watch" ? "You can watch it" : "Your workspace"}
      </p>
      <IdleWarning workspace={ws} />
      <dl className={styles.facts}>
        <div>
          <dt>Last activity</dt>
          <dd>{formatDateTime(ws.lastActivityAt)}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{formatDateTime(ws.expiresAt)}</dd>
        </div>
      </dl>
      <WorkspaceControls
        namespace={ws.namespace}
        name={ws.name}
        actions={actionsFor(ws)}
        desktopHref={`${path}/desktop`}
        hint={waitingHint(ws)}
      />
    </li>
  );
}
