import { uuidOrNotFound } from "../../../../components/marketplace/ids";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { problemOf } from "../../../../api/problem";
import { Badge, EmptyState, Notice, ProblemNotice, TabLinks } from "../../../../components/ui";
import { budgetText } from "../../../../components/marketplace/format";
import { jobStates, proposalStates } from "../../../../components/marketplace/labels";
import { NotForYourAccount, viewerWithRole } from "../../../../components/marketplace/role-gate";
import { paramOne, type SearchParams } from "../../../../components/marketplace/search-params";
import type { Job, Proposal, ProposalState } from "../../../../components/marketplace/types";
import { api, dataOf } from "../../../../server/api";
import { JobMovedNotice, JobMoves } from "../../jobs/[jobId]/edit/job-moves";
import { ComparisonTable } from "./comparison";
import { compareChoiceOf, type CompareChoice } from "./proposal-moves";
import { ProposalCard } from "./proposal-card";

export const metadata: Metadata = { title: "Job and its proposals" };

type Props = { params: Promise<{ jobId: string }>; searchParams: Promise<SearchParams> };

const states = ["SUBMITTED", "SHORTLISTED", "ARCHIVED", "DECLINED", "WITHDRAWN", "HIRED"] as const;

const notices: Record<string, string> = {
  posted: "Your job is posted. Freelancers can find it in search now; proposals will show here.",
  drafted: "Saved as a draft. Publish it when it is ready; until then nobody else sees it.",
  saved: "Your changes are saved.",
};

const doneWords: Record<string, (who: string) => string> = {
  shortlisted: (who) => `Shortlisted ${who}'s proposal.`,
  archived: (who) => `Archived ${who}'s proposal.`,
  declined: (who) => `Declined ${who}'s proposal. They have been told why.`,
};

function Notices({
  params,
  proposals,
}: {
  params: SearchParams;
  proposals: Proposal[];
}): ReactElement | null {
  const key = Object.keys(notices).find((k) => params[k]);
  const done = typeof params.done === "string" ? doneWords[params.done] : undefined;
  const who = proposals.find((p) => p.id === params.proposal)?.freelancer.displayName ?? "the freelancer";
  const words = key ? notices[key] : done?.(who);
  return words ? (
    <Notice tone="ok" live>
      {words}
    </Notice>
  ) : null;
}

async function Comparison({
  job,
  choice,
}: {
  job: Job;
  choice: CompareChoice;
}): Promise<ReactElement | null> {
  if (choice.ids.length === 0) return null;
  if (choice.problem) return <Notice tone="warn">{choice.problem}</Notice>;
  const result = await (
    await api()
  ).GET("/v1/jobs/{jobId}/proposals/compare", {
    params: { path: { jobId: job.id }, query: { ids: choice.ids.join(",") } },
  });
  if (!result.data) return <ProblemNotice problem={problemOf(result.error, result.response.status)} />;
  return <ComparisonTable comparison={result.data} job={job} />;
}

function ProposalList(props: {
  job: Job;
  proposals: Proposal[];
  state?: ProposalState;
  compared: string[];
}): ReactElement {
  const { job, proposals, state } = props;
  if (proposals.length === 0)
    return (
      <EmptyState
        title={state ? `No ${proposalStates[state].text.toLowerCase()} proposals` : "No proposals yet"}
      >
        <p>
          {job.state === "OPEN"
            ? "Freelancers find open jobs in search and in their matches; proposals show here as they arrive."
            : "Publish or reopen the job so freelancers can send proposals."}
        </p>
      </EmptyState>
    );
  return (
    <>
      <form id="compare-form" method="get" action={`/my-jobs/${job.id}`} className="mp-actions">
        {state ? <input type="hidden" name="state" value={state} /> : null}
        <button type="submit" className="ui-button" data-variant="secondary">
          Compare selected
        </button>
        <span className="ui-muted">Tick two to four proposals, then compare them side by side.</span>
      </form>
      <ul className="mp-list">
        {proposals.map((p) => (
          <li key={p.id}>
            <ProposalCard proposal={p} jobState={job.state} compared={props.compared.includes(p.id)} />
          </li>
        ))}
      </ul>
    </>
  );
}

export default async function MyJobPage(props: Props): Promise<ReactElement> {
  const jobId = uuidOrNotFound((await props.params).jobId);
  const params = await props.searchParams;
  const path = `/my-jobs/${jobId}`;
  const viewer = await viewerWithRole(path, "client");
  if (!viewer) return <NotForYourAccount role="client" />;
  const state = paramOne<ProposalState>(params.state, states);
  const client = await api();
  const [jobResult, proposalsResult] = await Promise.all([
    client.GET("/v1/jobs/{jobId}", { params: { path: { jobId } } }),
    client.GET("/v1/jobs/{jobId}/proposals", { params: { path: { jobId }, query: { state, limit: 100 } } }),
  ]);
  const job = dataOf(jobResult, path);
  const proposals = dataOf(proposalsResult, path);
  const jobState = jobStates[job.state] ?? { text: job.state, tone: "info" as const };
  const choice = compareChoiceOf(params.compare);
  return (
    <>
      <Notices params={params} proposals={proposals.items} />
      <div className="mp-page-head">
        <h1>{job.title}</h1>
        <Badge tone={jobState.tone}>{jobState.text}</Badge>
      </div>
      <p className="mp-meta">
        <span>{budgetText(job.budget, job.billing)}</span>
        <Link href={`/jobs/${job.id}`}>See the job as freelancers see it</Link>
        <Link href={`/jobs/${job.id}/edit`}>Edit</Link>
      </p>
      <JobMovedNotice moved={params.moved} />
      <JobMoves job={job} from="my-jobs" />
      <h2>Proposals</h2>
      <TabLinks
        label="Proposals by state"
        tabs={[
          { href: path, text: "All", current: !state },
          ...states.map((s) => ({
            href: `${path}?state=${s}`,
            text: proposalStates[s].text,
            current: state === s,
          })),
        ]}
      />
      <Comparison job={job} choice={choice} />
      <ProposalList job={job} proposals={proposals.items} state={state} compared={choice.ids} />
    </>
  );
}
