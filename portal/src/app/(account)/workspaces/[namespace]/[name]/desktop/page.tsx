import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { DesktopView } from "../../../../../../components/desktop/desktop-view";
import { Badge, Notice } from "../../../../../../components/ui";
import { api, dataOf } from "../../../../../../server/api";
import { requireViewer } from "../../../../../../server/viewer";
import { contractTitles } from "../../../contract-titles";
import { RefreshWhile } from "../../../refresh-while";
import { WorkspaceControls } from "../../../workspace-controls";
import {
  actionsFor,
  isSettling,
  statusOf,
  waitingHint,
  workspacePath,
  type Workspace,
} from "../../../workspace-state";
import { IdleBanner } from "./idle-banner";

export const metadata: Metadata = { title: "Desktop" };

/** Shown instead of the desktop while it cannot be opened: why, and Start for its owner. */
function NotOpenable({ workspace }: { workspace: Workspace }): ReactElement {
  const status = statusOf(workspace);
  return (
    <>
      <RefreshWhile active={isSettling(workspace)} />
      <Notice title="The desktop is not running">
        <p>
          The workspace is <Badge tone={status.tone}>{status.text}</Badge>.{" "}
          {workspace.mode === "interactive"
            ? "Start it; this page opens the desktop once it runs."
            : "You can watch once the freelancer starts it."}
        </p>
      </Notice>
      <WorkspaceControls
        namespace={workspace.namespace}
        name={workspace.name}
        actions={{ ...actionsFor(workspace), open: false, watch: false }}
        desktopHref=""
        hint={waitingHint(workspace)}
      />
    </>
  );
}

export default async function DesktopPage(props: {
  params: Promise<{ namespace: string; name: string }>;
}): Promise<ReactElement> {
  const { namespace, name } = await props.params;
  const detail = workspacePath({ namespace, name });
  await requireViewer(`${detail}/desktop`);
  const client = await api();
  const workspace = dataOf(
    await client.GET("/v1/workspaces/{namespace}/{name}", { params: { path: { namespace, name } } }),
    `${detail}/desktop`,
  );
  const titles = (await contractTitles(client, [workspace.contractId]))[workspace.contractId ?? ""];
  const title = (workspace.milestoneId && titles?.milestones[workspace.milestoneId]) || workspace.name;
  const actions = actionsFor(workspace);
  return (
    <>
      <p>
        <Link href={detail}>← {title}</Link>
      </p>
      <h1>
        {workspace.mode === "watch" ? "Watching" : "Desktop"}: {title}
      </h1>
      {actions.open || actions.watch ? (
        <DesktopView
          namespace={namespace}
          name={name}
          mode={workspace.mode}
          clipboard={workspace.clipboard ?? "Both"}
          backHref={detail}
        >
          <IdleBanner initial={workspace} />
        </DesktopView>
      ) : (
        <NotOpenable workspace={workspace} />
      )}
    </>
  );
}
