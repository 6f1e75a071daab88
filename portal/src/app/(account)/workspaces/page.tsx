import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { LiveRefresh } from "../../../components/live/live-provider";
import { EmptyState, LinkButton } from "../../../components/ui";
import { api, dataOf } from "../../../server/api";
import { hasRole, requireViewer } from "../../../server/viewer";
import { contractTitles } from "./contract-titles";
import { RefreshWhile } from "./refresh-while";
import { WorkspaceCard } from "./workspace-card";
import { isSettling } from "./workspace-state";
import styles from "./workspaces.module.css";

export const metadata: Metadata = { title: "My workspaces" };

function Empty({ client }: { client: boolean }): ReactElement {
  return (
    <EmptyState title="No workspaces yet">
      {client ? (
        <p>
          When a freelancer works on your contract in a workspace and allows supervision, you can watch it
          from here. <Link href="/contracts">See your contracts</Link>.
        </p>
      ) : (
        <p>
          A workspace is made for each milestone of a contract that has one.{" "}
          <Link href="/contracts">See your contracts</Link>.
        </p>
      )}
    </EmptyState>
  );
}

export default async function WorkspacesPage(props: {
  searchParams: Promise<{ cursor?: string }>;
}): Promise<ReactElement> {
  const { cursor } = await props.searchParams;
  const viewer = await requireViewer("/workspaces");
  const client = await api();
  const page = dataOf(
    await client.GET("/v1/workspaces", { params: { query: { cursor, limit: 20 } } }),
    "/workspaces",
  );
  const titles = await contractTitles(
    client,
    page.items.map((w) => w.contractId),
  );
  return (
    <>
      <LiveRefresh types={["workspace.changed"]} />
      <RefreshWhile active={page.items.some(isSettling)} />
      <h1>My workspaces</h1>
      <p className="ui-muted">
        {hasRole(viewer, "freelancer")
          ? "Cloud desktops for your contracts. Start one to work in it; it stops by itself when left idle."
          : "The freelancers' cloud desktops on your contracts that you may watch while they run."}
      </p>
      {page.items.length === 0 ? (
        <Empty client={hasRole(viewer, "client") && !hasRole(viewer, "freelancer")} />
      ) : (
        <ul className={styles.list} aria-label="Workspaces">
          {page.items.map((ws) => (
            <WorkspaceCard
              key={`${ws.namespace}/${ws.name}`}
              workspace={ws}
              titles={ws.contractId ? titles[ws.contractId] : undefined}
            />
          ))}
        </ul>
      )}
      <div className="ui-row" style={{ marginTop: 16 }}>
        {cursor ? (
          <LinkButton href="/workspaces" variant="secondary">
            First page
          </LinkButton>
        ) : null}
        {page.nextCursor ? (
          <LinkButton href={`/workspaces?cursor=${encodeURIComponent(page.nextCursor)}`} variant="secondary">
            More workspaces
          </LinkButton>
        ) : null}
      </div>
    </>
  );
}
