import { uuidOrNotFound } from "../../../../components/marketplace/ids";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { Badge, Card, Notice } from "../../../../components/ui";
import { ActionButton } from "../../../../components/marketplace/action-button";
import { offerStates, proposalStates } from "../../../../components/marketplace/labels";
import { MilestonesTable } from "../../../../components/marketplace/milestones-table";
import type { Offer, Proposal } from "../../../../components/marketplace/types";
import { formatDate } from "../../../../lib/dates";
import { formatMoney } from "../../../../lib/money";
import { api, dataOf } from "../../../../server/api";
import { requireViewer } from "../../../../server/viewer";
import { messageAboutProposal, withdrawProposal } from "../actions";

export const metadata: Metadata = { title: "Proposal" };

type Props = {
  params: Promise<{ proposalId: string }>;
  searchParams: Promise<{ sent?: string; withdrawn?: string }>;
};

function OfferNotice({ offers }: { offers: Offer[] }): ReactElement | null {
  const offer = offers.find((o) => o.state === "PENDING") ?? offers[0];
  if (!offer) return null;
  return (
    <Notice
      tone={offer.state === "PENDING" ? "ok" : "info"}
      title={`Offer: ${offerStates[offer.state].text}`}
    >
      <Link href={`/offers/${offer.id}`}>See the offer “{offer.title}”</Link>
    </Notice>
  );
}

function Actions({ proposal, isAuthor }: { proposal: Proposal; isAuthor: boolean }): ReactElement {
  const open = proposal.state === "SUBMITTED" || proposal.state === "SHORTLISTED";
  return (
    <div className="mp-actions">
      <ActionButton
        action={messageAboutProposal}
        fields={{ proposalId: proposal.id }}
        variant="secondary"
        pending="Opening…"
      >
        {isAuthor ? "Message the client" : "Message the freelancer"}
      </ActionButton>
      {isAuthor && open ? (
        <ActionButton
          action={withdrawProposal}
          fields={{ proposalId: proposal.id }}
          variant="danger"
          pending="Withdrawing…"
        >
          Withdraw proposal
        </ActionButton>
      ) : null}
      {!isAuthor ? <Link href={`/my-jobs/${proposal.job.id}`}>All proposals for this job</Link> : null}
    </div>
  );
}

export default async function ProposalPage(props: Props): Promise<ReactElement> {
  const proposalId = uuidOrNotFound((await props.params).proposalId);
  const path = `/proposals/${proposalId}`;
  const viewer = await requireViewer(path);
  const client = await api();
  const [result, offers] = await Promise.all([
    client.GET("/v1/proposals/{proposalId}", { params: { path: { proposalId } } }),
    client.GET("/v1/offers", { params: { query: { limit: 100 } } }),
  ]);
  const proposal = dataOf(result, path);
  const state = proposalStates[proposal.state];
  const isAuthor = proposal.freelancer.userId === viewer.id;
  return (
    <div style={{ maxWidth: 880 }}>
      {(await props.searchParams).withdrawn ? (
        <Notice tone="ok" live>
          Proposal withdrawn. The client no longer sees it among the job&apos;s proposals.
        </Notice>
      ) : null}
      {(await props.searchParams).sent ? (
        <Notice tone="ok" title="Your proposal was sent" live>
          The client sees it with the job&apos;s other proposals. You will get a notification when they
          answer.
        </Notice>
      ) : null}
      <div className="mp-page-head">
        <h1>Proposal for {proposal.job.title}</h1>
        <Badge tone={state.tone}>{state.text}</Badge>
      </div>
      <p>
        <Link href={`/jobs/${proposal.job.id}`}>See the job</Link> · by {proposal.freelancer.displayName} ·
        sent {formatDate(proposal.createdAt)}
      </p>
      <OfferNotice offers={(offers.data?.items ?? []).filter((o) => o.proposalId === proposal.id)} />
      {proposal.declineReason ? (
        <Notice tone="warn" title="The client declined this proposal">
          {proposal.declineReason}
        </Notice>
      ) : null}
      <Actions proposal={proposal} isAuthor={isAuthor} />
      <Card title="Bid">
        <p style={{ fontSize: "1.3rem", margin: 0 }}>
          <strong>{formatMoney(proposal.bid)}</strong>
        </p>
      </Card>
      <h2>Milestones</h2>
      <MilestonesTable milestones={proposal.milestones} />
      <h2>Cover letter</h2>
      <p className="mp-cover">{proposal.coverLetter}</p>
    </div>
  );
}
