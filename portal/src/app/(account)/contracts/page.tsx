import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { Badge, EmptyState, LinkButton, TabLinks } from "../../../components/ui";
import { formatDate } from "../../../lib/dates";
import { formatMoney } from "../../../lib/money";
import { api, dataOf } from "../../../server/api";
import { hasRole, requireViewer, type Viewer } from "../../../server/viewer";
import { contractStateOf } from "./_components/contract-words";
import { otherPartyOf, partyNamesOf } from "./_components/party-names";
import "./_components/money-pages.css";

export const metadata: Metadata = { title: "Contracts" };

const filters = [
  ["", "All"],
  ["active", "Active"],
  ["offer", "Waiting to start"],
  ["completed", "Completed"],
  ["cancelled", "Cancelled"],
] as const;

type State = "offer" | "active" | "completed" | "cancelled";
const stateOf = (value: string | undefined): State | undefined =>
  filters.some(([key]) => key !== "" && key === value) ? (value as State) : undefined;

function NoContracts({ viewer, filtered }: { viewer: Viewer; filtered: boolean }): ReactElement {
  if (filtered) return <EmptyState title="No contracts in this state." />;
  return (
    <EmptyState title="No contracts yet.">
      {hasRole(viewer, "client") ? (
        <p>
          Post a job, then make an offer to a freelancer: once they accept, the contract appears here.{" "}
          <Link href="/jobs/new">Post a job</Link>
        </p>
      ) : (
        <p>
          Send proposals on jobs: when a client&apos;s offer is accepted, its contract appears here.{" "}
          <Link href="/jobs">Find jobs</Link>
        </p>
      )}
    </EmptyState>
  );
}

export default async function ContractsPage(props: {
  searchParams: Promise<{ state?: string; cursor?: string }>;
}): Promise<ReactElement> {
  const viewer = await requireViewer("/contracts");
  const query = await props.searchParams;
  const state = stateOf(query.state);
  const page = dataOf(
    await (
      await api()
    ).GET("/v1/contracts", {
      params: {
        query: { limit: 20, ...(state ? { state } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) },
      },
    }),
    "/contracts",
  );
  const names = await partyNamesOf(page.items);
  return (
    <>
      <h1>Contracts</h1>
      <TabLinks
        label="Contracts by state"
        tabs={filters.map(([key, text]) => ({
          href: key ? `/contracts?state=${key}` : "/contracts",
          text,
          current: (state ?? "") === key,
        }))}
      />
      {page.items.length === 0 ? (
        <NoContracts viewer={viewer} filtered={state !== undefined || query.cursor !== undefined} />
      ) : (
        <ul className="money-list">
          {page.items.map((c) => {
            const words = contractStateOf(c.state);
            const other = otherPartyOf(c.yourPart, names.get(c.id));
            return (
              <li key={c.id} className="ui-card">
                <div className="money-head">
                  <h2>
                    <Link href={`/contracts/${encodeURIComponent(c.id)}`}>{c.title}</Link>
                  </h2>
                  <Badge tone={words.tone}>{words.text}</Badge>
                </div>
                <dl className="money-facts">
                  <div>
                    <dt>{other.part}</dt>
                    <dd>{other.name}</dd>
                  </div>
                  <div>
                    <dt>Total</dt>
                    <dd>{formatMoney(c.total)}</dd>
                  </div>
                  <div>
                    <dt>Milestones</dt>
                    <dd>{c.milestoneCount}</dd>
                  </div>
                  <div>
                    <dt>Started</dt>
                    <dd>{formatDate(c.createdAt)}</dd>
                  </div>
                </dl>
              </li>
            );
          })}
        </ul>
      )}
      {page.nextCursor ? (
        <LinkButton
          variant="secondary"
          href={`/contracts?${new URLSearchParams({ ...(state ? { state } : {}), cursor: page.nextCursor }).toString()}`}
        >
          Older contracts
        </LinkButton>
      ) : null}
    </>
  );
}
