import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { LiveRefresh } from "../../../../../components/live/live-provider";
import { Badge, Card } from "../../../../../components/ui";
import { formatDateTime } from "../../../../../lib/dates";
import { api, dataOf } from "../../../../../server/api";
import { requireViewer } from "../../../../../server/viewer";
import { contractTitles, type ContractTitles } from "../../contract-titles";
import { IdleWarning } from "../../idle-warning";
import { RefreshWhile } from "../../refresh-while";
import { WorkspaceControls } from "../../workspace-controls";
import {
  actionsFor,
  isSettling,
  statusOf,
  waitingHint,
  workspacePath,
  type Workspace,
} from "../../workspace-state";
import { UsageCard } from "./usage-card";
import styles from "../../workspaces.module.css";

export const metadata: Metadata = { title: "Workspace" };

const clipboardWords = {
  Both: "Copy and paste both ways",
  ToWorkspace: "Paste into the workspace only",
  Disabled: "No copy and paste",
} as const;

function WorkspaceFacts({
  workspace: ws,
  titles,
}: {
  workspace: Workspace;
  titles: ContractTitles | undefined;
}): ReactElement {
  const milestone = ws.milestoneId ? titles?.milestones[ws.milestoneId] : undefined;
  return (
    <Card title="About this workspace">
      <dl className={styles.facts}>
        <div>
          <dt>Contract</dt>
          <dd>
            {ws.contractId ? (
              <Link href={`/contracts/${encodeURIComponent(ws.contractId)}`}>
                {titles?.title ?? ws.contractId}
              </Link>
            ) : (
              "—"
            )}
          </dd>
        </div>
        <div>
          <dt>Milestone</dt>
          <dd>{milestone ?? "—"}</dd>
        </div>
        <div>
          <dt>Clipboard</dt>
          <dd>{clipboardWords[ws.clipboard ?? "Both"]}</dd>
        </div>
        <div>
          <dt>Last activity</dt>
          <dd>{formatDateTime(ws.lastActivityAt)}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{formatDateTime(ws.expiresAt)}</dd>
        </div>
        <div>
          <dt>Name</dt>
          <dd className={styles.mono}>
            {ws.namespace}/{ws.name}
          </dd>
        </div>
      </dl>
    </Card>
  );
}

export default async function WorkspacePage(props: {
  params: Promise<{ namespace: string; name: string }>;
}): Promise<ReactElement> {
  const { namespace, name } = await props.params;
  const here = workspacePath({ namespace, name });
  await requireViewer(here);
  const client = await api();
  const ws = dataOf(
    await client.GET("/v1/workspaces/{namespace}/{name}", { params: { path: { namespace, name } } }),
    here,
  );
  const titles = ws.contractId ? (await contractTitles(client, [ws.contractId]))[ws.contractId] : undefined;
  const milestone = ws.milestoneId ? titles?.milestones[ws.milestoneId] : undefined;
  const status = statusOf(ws);
  return (
    <>
      <LiveRefresh types={["workspace.changed"]} />
      <RefreshWhile active={isSettling(ws)} />
      <p>
        <Link href="/workspaces">← My workspaces</Link>
      </p>
      <div className="ui-row">
        <h1 style={{ margin: 0 }}>{milestone ?? ws.name}</h1>
        <Badge tone={status.tone}>{status.text}</Badge>
      </div>
      <p className="ui-muted">{ws.mode === "watch" ? "You can watch this workspace." : "Your workspace."}</p>
      <IdleWarning workspace={ws} />
      <div style={{ marginBottom: 16 }}>
        <WorkspaceControls
          namespace={namespace}
          name={name}
          actions={actionsFor(ws)}
          desktopHref={`${here}/desktop`}
          hint={waitingHint(ws)}
        />
      </div>
      <WorkspaceFacts workspace={ws} titles={titles} />
      {ws.contractId ? <UsageCard client={client} contractId={ws.contractId} name={ws.name} /> : null}
    </>
  );
}
