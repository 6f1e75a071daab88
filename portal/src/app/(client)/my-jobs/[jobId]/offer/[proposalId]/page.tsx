import { uuidOrNotFound } from "../../../../../../components/marketplace/ids";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { Notice } from "../../../../../../components/ui";
import { rowsFromMilestones } from "../../../../../../components/marketplace/milestone-form";
import { amountTextOf } from "../../../../../../components/marketplace/money-input";
import { NotForYourAccount, viewerWithRole } from "../../../../../../components/marketplace/role-gate";
import type { Job, Proposal } from "../../../../../../components/marketplace/types";
import { formatMoney } from "../../../../../../lib/money";
import { api, dataOf } from "../../../../../../server/api";
import { makeOffer } from "./actions";
import { OfferForm, type OfferStart } from "./offer-form";

export const metadata: Metadata = { title: "Make an offer" };

type Props = { params: Promise<{ jobId: string; proposalId: string }> };

/** Where the offer starts: the proposal's milestones (or its bid as one), the job's pricing and terms. */
function startOf(job: Job, proposal: Proposal): OfferStart {
  const rows = proposal.milestones.length
    ? rowsFromMilestones(proposal.milestones)
    : [{ title: job.title, amount: amountTextOf(proposal.bid), due: "" }];
  return {
    proposalId: proposal.id,
    title: job.title,
    billing: job.billing,
    currency: proposal.bid.currency,
    hourlyRate: job.billing === "HOURLY" ? amountTextOf(proposal.bid) : "",
    rows,
    terms: job.workspaceTerms,
  };
}

export default async function MakeOfferPage({ params }: Props): Promise<ReactElement> {
  const { jobId, proposalId } = await params;
  uuidOrNotFound(jobId);
  uuidOrNotFound(proposalId);
  const path = `/my-jobs/${jobId}/offer/${proposalId}`;
  if (!(await viewerWithRole(path, "client"))) return <NotForYourAccount role="client" />;
  const client = await api();
  const [jobResult, proposalResult] = await Promise.all([
    client.GET("/v1/jobs/{jobId}", { params: { path: { jobId } } }),
    client.GET("/v1/proposals/{proposalId}", { params: { path: { proposalId } } }),
  ]);
  const job = dataOf(jobResult, path);
  const proposal = dataOf(proposalResult, path);
  const open = proposal.state === "SUBMITTED" || proposal.state === "SHORTLISTED";
  return (
    <div style={{ maxWidth: 880 }}>
      <h1>Make an offer to {proposal.freelancer.displayName}</h1>
      <p>
        For <Link href={`/my-jobs/${job.id}`}>{job.title}</Link>. Their proposal: {formatMoney(proposal.bid)}{" "}
        in {proposal.milestones.length} milestone{proposal.milestones.length === 1 ? "" : "s"} (
        <Link href={`/proposals/${proposal.id}`}>read it</Link>). When they accept, the contract starts with
        these terms.
      </p>
      {open && job.state === "OPEN" ? (
        <OfferForm action={makeOffer} start={startOf(job, proposal)} />
      ) : (
        <Notice tone="warn" title="An offer cannot be made on this proposal now">
          The job must be open and the proposal neither declined, archived, withdrawn nor hired.
        </Notice>
      )}
    </div>
  );
}
