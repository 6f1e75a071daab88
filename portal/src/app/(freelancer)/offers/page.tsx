import { Badge, EmptyState, Pager, TabLinks } from "../../../components/ui";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { LiveRefresh } from "../../../components/live/live-provider";
import { offerStates } from "../../../components/marketplace/labels";
import {
  paramOne,
  paramText,
  queryStringOf,
  type SearchParams,
} from "../../../components/marketplace/search-params";
import type { OfferState } from "../../../components/marketplace/types";
import { formatDateTime } from "../../../lib/dates";
import { formatMoney } from "../../../lib/money";
import { api, dataOf } from "../../../server/api";
import { hasRole, requireViewer } from "../../../server/viewer";

export const metadata: Metadata = { title: "Offers" };

const states = ["PENDING", "ACCEPTED", "DECLINED", "EXPIRED", "WITHDRAWN"] as const;

export default async function OffersPage(props: {
  searchParams: Promise<SearchParams>;
}): Promise<ReactElement> {
  const viewer = await requireViewer("/offers");
  const params = await props.searchParams;
  const state = paramOne<OfferState>(params.state, states);
  const cursor = paramText(params.cursor, 512) || undefined;
  const page = dataOf(
    await (await api()).GET("/v1/offers", { params: { query: { state, cursor, limit: 20 } } }),
    "/offers",
  );
  const freelancer = hasRole(viewer, "freelancer");
  return (
    <>
      <LiveRefresh types={["offer.changed"]} />
      <h1>Offers</h1>
      <p className="ui-muted">
        {freelancer
          ? "Offers clients have made you. Accepting one starts the contract."
          : "Offers you have made to freelancers."}
      </p>
      <TabLinks
        label="Offers by state"
        tabs={[
          { href: "/offers", text: "All", current: !state },
          ...states.map((s) => ({
            href: `/offers?state=${s}`,
            text: offerStates[s].text,
            current: state === s,
          })),
        ]}
      />
      {page.items.length === 0 ? (
        <EmptyState title={state ? "No offers in this state" : "No offers yet"}>
          <p>
            {freelancer ? (
              <>
                Offers come from proposals: <Link href="/for-you">find a job for you</Link> and send one.
              </>
            ) : (
              <>
                Make an offer from a proposal in <Link href="/my-jobs">your jobs</Link>.
              </>
            )}
          </p>
        </EmptyState>
      ) : (
        <ul className="mp-list">
          {page.items.map((o) => (
            <li key={o.id} className="mp-card">
              <h2 style={{ margin: "0 0 4px", fontSize: "1.05rem" }}>
                <Link href={`/offers/${o.id}`}>{o.title}</Link>
              </h2>
              <p className="mp-meta">
                <Badge tone={offerStates[o.state].tone}>{offerStates[o.state].text}</Badge>
                <span>
                  {o.freelancer.userId === viewer.id
                    ? `From ${o.client.displayName}`
                    : `To ${o.freelancer.displayName}`}
                </span>
                <span>
                  {o.billing === "HOURLY" && o.hourlyRate
                    ? `${formatMoney(o.hourlyRate)} per hour`
                    : formatMoney(o.total)}
                </span>
                {o.state === "PENDING" ? <span>Open until {formatDateTime(o.expiresAt)}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pager
        firstHref={cursor ? `/offers${queryStringOf({ state })}` : undefined}
        nextHref={page.nextCursor ? `/offers${queryStringOf({ state, cursor: page.nextCursor })}` : undefined}
      />
    </>
  );
}
