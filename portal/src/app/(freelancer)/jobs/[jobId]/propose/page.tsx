import { uuidOrNotFound } from "../../../../../components/marketplace/ids";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { Card, Notice } from "../../../../../components/ui";
import { budgetText } from "../../../../../components/marketplace/format";
import { billingLabel } from "../../../../../components/marketplace/labels";
import { NotForYourAccount, viewerWithRole } from "../../../../../components/marketplace/role-gate";
import { WorkspaceTermsList } from "../../../../../components/marketplace/workspace-terms-list";
import { api, dataOf } from "../../../../../server/api";
import { sendProposal } from "./actions";
import { ProposalForm } from "./proposal-form";

export const metadata: Metadata = { title: "Send a proposal" };

type Params = { params: Promise<{ jobId: string }> };

export default async function ProposePage({ params }: Params): Promise<ReactElement> {
  const jobId = uuidOrNotFound((await params).jobId);
  const path = `/jobs/${jobId}/propose`;
  if (!(await viewerWithRole(path, "freelancer"))) return <NotForYourAccount role="freelancer" />;
  const client = await api();
  const [jobResult, mine] = await Promise.all([
    client.GET("/v1/jobs/{jobId}", { params: { path: { jobId } } }),
    client.GET("/v1/me/proposals", { params: { query: { limit: 100 } } }),
  ]);
  const job = dataOf(jobResult, path);
  const sent = mine.data?.items.find((p) => p.job.id === jobId && p.state !== "WITHDRAWN");
  return (
    <div style={{ maxWidth: 820 }}>
      <h1>Send a proposal</h1>
      <p>
        For <Link href={`/jobs/${job.id}`}>{job.title}</Link>: {budgetText(job.budget, job.billing)},{" "}
        {billingLabel(job.billing).toLowerCase()}.
      </p>
      {sent ? (
        <Notice tone="info" title="You have already sent a proposal for this job">
          <Link href={`/proposals/${sent.id}`}>See your proposal</Link>
        </Notice>
      ) : job.state !== "OPEN" ? (
        <Notice tone="warn" title="This job is not open for proposals">
          <Link href="/jobs">Find other jobs</Link>
        </Notice>
      ) : (
        <>
          <details className="mp-details">
            <summary>What the desktop for this job allows</summary>
            <Card>
              <WorkspaceTermsList terms={job.workspaceTerms} />
            </Card>
          </details>
          <ProposalForm
            action={sendProposal}
            jobId={job.id}
            billing={job.billing}
            currency={job.budget.currency}
          />
        </>
      )}
    </div>
  );
}
