import { Badge, EmptyState, Pager, TabLinks } from "../../../components/ui";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { proposalStates } from "../../../components/marketplace/labels";
import { NotForYourAccount, viewerWithRole } from "../../../components/marketplace/role-gate";
import {
  paramOne,
  paramText,
  queryStringOf,
  type SearchParams,
} from "../../../components/marketplace/search-params";
import type { ProposalState } from "../../../components/marketplace/types";
import { formatDate } from "../../../lib/dates";
import { formatMoney } from "../../../lib/money";
import { api, dataOf } from "../../../server/api";

export const metadata: Metadata = { title: "Your proposals" };

const states = ["SUBMITTED", "SHORTLISTED", "HIRED", "DECLINED", "ARCHIVED", "WITHDRAWN"] as const;

export default async function ProposalsPage(props: {
  searchParams: Promise<SearchParams>;
}): Promise<ReactElement> {
  if (!(await viewerWithRole("/proposals", "freelancer"))) return <NotForYourAccount role="freelancer" />;
  const params = await props.searchParams;
  const state = paramOne<ProposalState>(params.state, states);
  const cursor = paramText(params.cursor, 512) || undefined;
  const page = dataOf(
    await (await api()).GET("/v1/me/proposals", { params: { query: { state, cursor, limit: 20 } } }),
    "/proposals",
  );
  return (
    <>
      <div className="mp-page-head">
        <h1>Your proposals</h1>
        <Link href="/offers">Offers you have received</Link>
      </div>
      <TabLinks
        label="Proposals by state"
        tabs={[
          { href: "/proposals", text: "All", current: !state },
          ...states.map((s) => ({
            href: `/proposals?state=${s}`,
            text: proposalStates[s].text,
            current: state === s,
          })),
        ]}
      />
      {page.items.length === 0 ? (
        <EmptyState
          title={
            state
              ? `No ${proposalStates[state].text.toLowerCase()} proposals`
              : "You have not sent a proposal yet"
          }
        >
          <p>
            Find a job in <Link href="/for-you">jobs for you</Link> or{" "}
            <Link href="/jobs">search all jobs</Link>, then choose Propose.
          </p>
        </EmptyState>
      ) : (
        <ul className="mp-list">
          {page.items.map((p) => (
            <li key={p.id} className="mp-card">
              <h2 style={{ margin: "0 0 4px", fontSize: "1.05rem" }}>
                <Link href={`/proposals/${p.id}`}>{p.job.title}</Link>
              </h2>
              <p className="mp-meta">
                <Badge tone={proposalStates[p.state].tone}>{proposalStates[p.state].text}</Badge>
                <span>Bid {formatMoney(p.bid)}</span>
                <span>
                  {p.milestones.length} milestone{p.milestones.length === 1 ? "" : "s"}
                </span>
                <span>Sent {formatDate(p.createdAt)}</span>
                {p.job.state !== "OPEN" ? <span>Job {p.job.state.toLowerCase()}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pager
        firstHref={cursor ? `/proposals${queryStringOf({ state })}` : undefined}
        nextHref={
          page.nextCursor ? `/proposals${queryStringOf({ state, cursor: page.nextCursor })}` : undefined
        }
      />
    </>
  );
}
