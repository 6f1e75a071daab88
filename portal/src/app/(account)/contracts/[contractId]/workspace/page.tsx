import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { LiveRefresh } from "../../../../../components/live/live-provider";
import { Badge, EmptyState, type Tone } from "../../../../../components/ui";
import { formatDateTime } from "../../../../../lib/dates";
import { api, dataOf } from "../../../../../server/api";
import { checkedContractId, contractOf, contractPath } from "../contract-data";

export const metadata: Metadata = { title: "Contract workspaces" };

const tones: Record<string, Tone> = {
  Running: "ok",
  Frozen: "danger",
  Failed: "danger",
  Provisioning: "accent",
};

export default async function ContractWorkspacePage(props: {
  params: Promise<{ contractId: string }>;
}): Promise<ReactElement> {
  const contractId = checkedContractId((await props.params).contractId);
  const [contract, workspaces] = await Promise.all([
    contractOf(contractId),
    (async () =>
      dataOf(
        await (await api()).GET("/v1/contracts/{contractId}/workspace", { params: { path: { contractId } } }),
        contractPath(contractId, "workspace"),
      ))(),
  ]);
  const titles = new Map(contract.milestones.map((m) => [m.id, m.title]));
  return (
    <>
      <LiveRefresh types={["workspace.changed"]} when={{ contractId }} />
      <h2>Workspaces</h2>
      <p className="ui-muted">
        Each funded milestone gets its own SkillPod: a cloud desktop where the work happens. It stops when the
        milestone is approved or refunded, and freezes while a dispute is open.
      </p>
      {workspaces.items.length === 0 ? (
        <EmptyState title="No workspace yet.">
          <p>A milestone&apos;s workspace is set up when the client funds it.</p>
        </EmptyState>
      ) : (
        <ul className="money-list">
          {workspaces.items.map((w) => (
            <li key={`${w.namespace}/${w.name}`} className="ui-card">
              <div className="money-head">
                <h3>{titles.get(w.milestoneId) ?? "Milestone"}</h3>
                <Badge tone={tones[w.state] ?? "info"}>{w.state}</Badge>
              </div>
              <dl className="money-facts">
                <div>
                  <dt>SkillPod</dt>
                  <dd>
                    <Link
                      href={`/workspaces/${encodeURIComponent(w.namespace)}/${encodeURIComponent(w.name)}`}
                    >
                      {w.name}
                    </Link>
                  </dd>
                </div>
                <div>
                  <dt>Ready since</dt>
                  <dd>{formatDateTime(w.readyAt)}</dd>
                </div>
                <div>
                  <dt>Expires</dt>
                  <dd>{formatDateTime(w.expiresAt)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
