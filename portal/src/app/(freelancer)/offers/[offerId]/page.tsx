import { uuidOrNotFound } from "../../../../components/marketplace/ids";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { Badge, Card, Dialog, LinkButton, Notice } from "../../../../components/ui";
import { LiveRefresh } from "../../../../components/live/live-provider";
import { ActionButton } from "../../../../components/marketplace/action-button";
import { rateText, weeklyLimitText } from "../../../../components/marketplace/format";
import { billingLabel, offerStates } from "../../../../components/marketplace/labels";
import { MilestonesTable } from "../../../../components/marketplace/milestones-table";
import type { Offer } from "../../../../components/marketplace/types";
import { WorkspaceTermsList } from "../../../../components/marketplace/workspace-terms-list";
import { formatDateTime } from "../../../../lib/dates";
import { api, dataOf } from "../../../../server/api";
import { requireViewer } from "../../../../server/viewer";
import { acceptOffer, withdrawOffer } from "../actions";
import { offerMovesFor } from "../offer-moves";
import { DeclineOfferForm } from "./decline-offer-form";

export const metadata: Metadata = { title: "Offer" };

type Props = { params: Promise<{ offerId: string }>; searchParams: Promise<{ sent?: string }> };

function Moves({ offer, viewerId }: { offer: Offer; viewerId: string }): ReactElement | null {
  const moves = offerMovesFor(offer, viewerId);
  if (moves.length === 0) return null;
  return (
    <div className="mp-actions">
      {moves.includes("accept") ? (
        <ActionButton action={acceptOffer} fields={{ offerId: offer.id }} pending="Accepting…">
          Accept offer
        </ActionButton>
      ) : null}
      {moves.includes("decline") ? (
        <Dialog trigger="Decline" title="Decline this offer" variant="ghost">
          <DeclineOfferForm offerId={offer.id} />
        </Dialog>
      ) : null}
      {moves.includes("withdraw") ? (
        <ActionButton
          action={withdrawOffer}
          fields={{ offerId: offer.id }}
          variant="danger"
          pending="Withdrawing…"
        >
          Withdraw offer
        </ActionButton>
      ) : null}
    </div>
  );
}

function Outcome({ offer }: { offer: Offer }): ReactElement | null {
  if (offer.state === "ACCEPTED" && offer.contractId)
    return (
      <Notice tone="ok" title="Accepted: the contract has started" live>
        <p style={{ margin: "4px 0 8px" }}>Milestones are funded into escrow from the contract.</p>
        <LinkButton href={`/contracts/${offer.contractId}`}>Open the contract</LinkButton>
      </Notice>
    );
  if (offer.state === "WITHDRAWN")
    return (
      <Notice tone="warn" title="Withdrawn">
        The client withdrew this offer; it can no longer be accepted.
      </Notice>
    );
  if (offer.state === "EXPIRED")
    return (
      <Notice tone="warn" title="Expired">
        Nobody answered in time; it can no longer be accepted.
      </Notice>
    );
  if (offer.state === "DECLINED")
    return (
      <Notice tone="warn" title="Declined">
        {offer.declineReason ?? "No reason given."}
      </Notice>
    );
  return null;
}

function Terms({ offer }: { offer: Offer }): ReactElement {
  const facts: [string, string][] = [
    ["Pricing", billingLabel(offer.billing)],
    ...(offer.billing === "HOURLY"
      ? ([
          ["Hourly rate", rateText(offer.hourlyRate)],
          ["Weekly limit", weeklyLimitText(offer.weeklyLimitMinutes)],
        ] as [string, string][])
      : []),
    ["Client", offer.client.displayName],
    ["Freelancer", offer.freelancer.displayName],
    [offer.state === "PENDING" ? "Open until" : "Was open until", formatDateTime(offer.expiresAt)],
  ];
  return (
    <dl className="mp-facts">
      {facts.map(([term, text]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{text}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function OfferPage(props: Props): Promise<ReactElement> {
  const offerId = uuidOrNotFound((await props.params).offerId);
  const path = `/offers/${offerId}`;
  const viewer = await requireViewer(path);
  const offer = dataOf(
    await (await api()).GET("/v1/offers/{offerId}", { params: { path: { offerId } } }),
    path,
  );
  const state = offerStates[offer.state];
  return (
    <div style={{ maxWidth: 880 }}>
      <LiveRefresh types={["offer.changed"]} when={{ offerId: offer.id }} />
      {(await props.searchParams).sent && offer.state === "PENDING" ? (
        <Notice tone="ok" title="Offer sent" live>
          {offer.freelancer.displayName} can accept or decline it until {formatDateTime(offer.expiresAt)}.
        </Notice>
      ) : null}
      <div className="mp-page-head">
        <h1>Offer: {offer.title}</h1>
        <Badge tone={state.tone}>{state.text}</Badge>
      </div>
      <p>
        For the job <Link href={`/jobs/${offer.job.id}`}>{offer.job.title}</Link> ·{" "}
        <Link href={`/proposals/${offer.proposalId}`}>the proposal</Link>
      </p>
      <Outcome offer={offer} />
      <Moves offer={offer} viewerId={viewer.id} />
      {offer.message ? (
        <Card title="Message">
          <p className="mp-cover" style={{ margin: 0 }}>
            {offer.message}
          </p>
        </Card>
      ) : null}
      <Card>
        <Terms offer={offer} />
      </Card>
      <h2>Milestones</h2>
      <MilestonesTable milestones={offer.milestones} total={offer.total} />
      <h2>Workspace terms</h2>
      <p className="ui-muted">The contract&apos;s secure desktop will allow:</p>
      <Card>
        <WorkspaceTermsList terms={offer.workspaceTerms} />
      </Card>
    </div>
  );
}
