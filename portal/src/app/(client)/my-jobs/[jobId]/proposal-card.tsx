import Link from "next/link";
import type { ReactElement } from "react";
import { Badge, Dialog, LinkButton } from "../../../../components/ui";
import { ActionButton } from "../../../../components/marketplace/action-button";
import { proposalStates } from "../../../../components/marketplace/labels";
import { MilestonesTable } from "../../../../components/marketplace/milestones-table";
import type { Proposal } from "../../../../components/marketplace/types";
import { formatDate } from "../../../../lib/dates";
import { formatMoney } from "../../../../lib/money";
import { archiveProposal, shortlistProposal } from "./actions";
import { DeclineForm } from "./decline-form";
import { proposalMovesFor } from "./proposal-moves";

function Moves({ proposal, jobState }: { proposal: Proposal; jobState: string }): ReactElement | null {
  const moves = proposalMovesFor(proposal.state, jobState);
  if (moves.length === 0) return null;
  const who = proposal.freelancer.displayName;
  return (
    <div className="mp-actions">
      {moves.includes("offer") ? (
        <LinkButton href={`/my-jobs/${proposal.job.id}/offer/${proposal.id}`}>
          Make an offer<span className="visually-hidden"> to {who}</span>
        </LinkButton>
      ) : null}
      {moves.includes("shortlist") ? (
        <ActionButton
          action={shortlistProposal}
          fields={{ proposalId: proposal.id }}
          variant="secondary"
          about={`${who}'s proposal`}
        >
          Shortlist
        </ActionButton>
      ) : null}
      {moves.includes("archive") ? (
        <ActionButton
          action={archiveProposal}
          fields={{ proposalId: proposal.id }}
          variant="secondary"
          about={`${who}'s proposal`}
        >
          Archive
        </ActionButton>
      ) : null}
      {moves.includes("decline") ? (
        <Dialog trigger="Decline" title={`Decline ${who}'s proposal`} variant="ghost">
          <DeclineForm proposalId={proposal.id} />
        </Dialog>
      ) : null}
    </div>
  );
}

/** One proposal for the client: who, for how much, the letter, and what they can do with it. */
export function ProposalCard(props: {
  proposal: Proposal;
  jobState: string;
  compared: boolean;
}): ReactElement {
  const { proposal: p, jobState } = props;
  const state = proposalStates[p.state];
  return (
    <article className="mp-card">
      <div className="mp-page-head" style={{ marginBottom: 4 }}>
        <h3 style={{ margin: 0 }}>
          {p.freelancer.handle ? (
            <Link href={`/freelancers/${p.freelancer.handle}`}>{p.freelancer.displayName}</Link>
          ) : (
            p.freelancer.displayName
          )}
        </h3>
        <span className="mp-check" style={{ margin: 0 }}>
          <input
            type="checkbox"
            form="compare-form"
            name="compare"
            value={p.id}
            id={`compare-${p.id}`}
            defaultChecked={props.compared}
          />
          <label htmlFor={`compare-${p.id}`}>
            Compare<span className="visually-hidden"> {p.freelancer.displayName}&apos;s proposal</span>
          </label>
        </span>
      </div>
      <p className="ui-muted" style={{ margin: "0 0 4px" }}>
        {p.freelancer.headline}
      </p>
      <p className="mp-meta">
        <Badge tone={state.tone}>{state.text}</Badge>
        <span>
          Bid <strong>{formatMoney(p.bid)}</strong>
        </span>
        <span>
          {p.milestones.length} milestone{p.milestones.length === 1 ? "" : "s"}
        </span>
        <span>Sent {formatDate(p.createdAt)}</span>
      </p>
      {p.declineReason ? <p className="mp-reason">Declined: {p.declineReason}</p> : null}
      <details className="mp-details">
        <summary>Cover letter and milestones</summary>
        <p className="mp-cover">{p.coverLetter}</p>
        <MilestonesTable milestones={p.milestones} caption={`${p.freelancer.displayName}'s milestones`} />
      </details>
      <Moves proposal={p} jobState={jobState} />
    </article>
  );
}
