import { Badge, EmptyState, Pager } from "../../../../components/ui";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { formatDateTime } from "../../../../lib/dates";
import { formatMoney } from "../../../../lib/money";
import { api, dataOf } from "../../../../server/api";
import { AdminTabs } from "../_components/admin-tabs";
import { NotForYourAccount } from "../_components/not-for-your-account";
import { staffViewer } from "../_components/staff";

export const metadata: Metadata = { title: "Disputes" };

type Summary = {
  id: string;
  title: string;
  clientId: string;
  total: { amountMinor: number; currency: string };
  milestoneCount: number;
  updatedAt: string;
};

/** Clients' public names, once per client on the page; a client without a profile shows as "Client". */
async function clientNames(contracts: Summary[]): Promise<Map<string, string>> {
  const client = await api();
  const ids = [...new Set(contracts.map((c) => c.clientId))];
  const named = await Promise.all(
    ids.map(async (userId) => {
      const { data } = await client.GET("/v1/clients/{userId}", { params: { path: { userId } } });
      return [userId, data?.displayName ?? "Client"] as const;
    }),
  );
  return new Map(named);
}

function Dispute({ contract, client }: { contract: Summary; client: string }): ReactElement {
  const href = `/contracts/${encodeURIComponent(contract.id)}/dispute`;
  return (
    <li className="ui-card">
      <div className="ui-row">
        <h2 className="admin-item-title">
          <Link href={href}>{contract.title}</Link>
        </h2>
        <Badge tone="warn">In dispute</Badge>
      </div>
      <dl className="admin-facts">
        <div>
          <dt>Client</dt>
          <dd>{client}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd>{formatMoney(contract.total)}</dd>
        </div>
        <div>
          <dt>Milestones</dt>
          <dd>{contract.milestoneCount}</dd>
        </div>
        <div>
          <dt>Last change</dt>
          <dd>{formatDateTime(contract.updatedAt)}</dd>
        </div>
      </dl>
      <Link href={href} className="ui-button" data-variant="secondary">
        Review and resolve<span className="visually-hidden">: {contract.title}</span>
      </Link>
    </li>
  );
}

export default async function DisputesPage(props: {
  searchParams: Promise<{ cursor?: string }>;
}): Promise<ReactElement> {
  const viewer = await staffViewer("/admin/disputes", "admin");
  if (!viewer) return <NotForYourAccount adminsOnly />;
  const { cursor } = await props.searchParams;
  const page = dataOf(
    await (
      await api()
    ).GET("/v1/contracts", {
      params: { query: { disputed: true, limit: 20, ...(cursor ? { cursor } : {}) } },
    }),
    "/admin/disputes",
  );
  const names = await clientNames(page.items);
  return (
    <>
      <h1>Disputes</h1>
      <AdminTabs viewer={viewer} current="disputes" />
      <p className="ui-muted">Contracts with a milestone in dispute now, newest contract first.</p>
      {page.items.length === 0 ? (
        <EmptyState title="No open disputes.">
          <p>
            When a client or freelancer disputes a milestone, its contract appears here until you resolve it.
          </p>
        </EmptyState>
      ) : (
        <ul className="admin-cards admin-list">
          {page.items.map((c) => (
            <Dispute key={c.id} contract={c} client={names.get(c.clientId) ?? "Client"} />
          ))}
        </ul>
      )}
      <Pager
        label="Dispute pages"
        {...(cursor ? { firstHref: "/admin/disputes" } : {})}
        {...(page.nextCursor
          ? { nextHref: `/admin/disputes?cursor=${encodeURIComponent(page.nextCursor)}` }
          : {})}
      />
    </>
  );
}
