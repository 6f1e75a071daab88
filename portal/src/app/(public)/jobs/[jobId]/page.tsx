import { uuidOrNotFound } from "../../../../components/marketplace/ids";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { Badge, Card, LinkButton } from "../../../../components/ui";
import { budgetText, ratingText } from "../../../../components/marketplace/format";
import {
  billingLabel,
  categoryLabel,
  durationLabel,
  jobStates,
} from "../../../../components/marketplace/labels";
import type { Job } from "../../../../components/marketplace/types";
import { WorkspaceTermsList } from "../../../../components/marketplace/workspace-terms-list";
import { formatDate } from "../../../../lib/dates";
import { api, dataOf } from "../../../../server/api";
import { currentViewer, hasRole, type Viewer } from "../../../../server/viewer";
import "../../../../components/marketplace/marketplace.css";

type Params = { params: Promise<{ jobId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const jobId = uuidOrNotFound((await params).jobId);
  const { data } = await (await api()).GET("/v1/jobs/{jobId}", { params: { path: { jobId } } });
  return { title: data?.title ?? "Job" };
}

/** The freelancer's proposal for this job, if they sent one (one per job). */
async function ownProposalId(jobId: string): Promise<string | undefined> {
  const { data } = await (await api()).GET("/v1/me/proposals", { params: { query: { limit: 100 } } });
  return data?.items.find((p) => p.job.id === jobId && p.state !== "WITHDRAWN")?.id;
}

async function Actions({
  job,
  viewer,
}: {
  job: Job;
  viewer: Viewer | undefined;
}): Promise<ReactElement | null> {
  if (!viewer)
    return (
      <p>
        <Link href={`/sign-in?next=${encodeURIComponent(`/jobs/${job.id}`)}`}>Sign in</Link> as a freelancer
        to send a proposal.
      </p>
    );
  if (viewer.id === job.clientId)
    return (
      <div className="mp-actions">
        <LinkButton href={`/jobs/${job.id}/edit`}>Edit</LinkButton>
        <LinkButton href={`/my-jobs/${job.id}`} variant="secondary">
          Proposals
        </LinkButton>
      </div>
    );
  if (!hasRole(viewer, "freelancer") || job.state !== "OPEN") return null;
  const proposalId = await ownProposalId(job.id);
  return (
    <div className="mp-actions">
      {proposalId ? (
        <LinkButton href={`/proposals/${proposalId}`} variant="secondary">
          See your proposal
        </LinkButton>
      ) : (
        <LinkButton href={`/jobs/${job.id}/propose`}>Propose</LinkButton>
      )}
    </div>
  );
}

async function AboutClient({ clientId }: { clientId: string }): Promise<ReactElement> {
  const { data: client } = await (
    await api()
  ).GET("/v1/clients/{userId}", { params: { path: { userId: clientId } } });
  if (!client) return <p className="ui-muted">The client&apos;s profile could not be loaded.</p>;
  return (
    <dl className="mp-facts">
      <div>
        <dt>Client</dt>
        <dd>{client.company || client.displayName}</dd>
      </div>
      <div>
        <dt>Country</dt>
        <dd>{client.country || "—"}</dd>
      </div>
      <div>
        <dt>Jobs posted</dt>
        <dd>{client.jobsPosted}</dd>
      </div>
      <div>
        <dt>Hires</dt>
        <dd>{client.hires}</dd>
      </div>
      <div>
        <dt>Reviews from freelancers</dt>
        <dd>{ratingText(client.reviewAverage, client.reviewCount)}</dd>
      </div>
      <div>
        <dt>Member since</dt>
        <dd>{formatDate(client.createdAt)}</dd>
      </div>
    </dl>
  );
}

function JobFacts({ job }: { job: Job }): ReactElement {
  const facts: [string, string][] = [
    ["Budget", budgetText(job.budget, job.billing)],
    ["Pricing", billingLabel(job.billing)],
    ["Category", categoryLabel(job.category)],
    ["Expected duration", durationLabel(job.duration)],
    ["Posted", job.publishedAt ? formatDate(job.publishedAt) : "Not published yet"],
    ["Visibility", job.visibility === "PUBLIC" ? "Public" : "Private (invited freelancers only)"],
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

export default async function JobPage({ params }: Params): Promise<ReactElement> {
  const jobId = uuidOrNotFound((await params).jobId);
  const [result, viewer] = await Promise.all([
    (await api()).GET("/v1/jobs/{jobId}", { params: { path: { jobId } } }),
    currentViewer(),
  ]);
  const job = dataOf(result, `/jobs/${jobId}`);
  const state = jobStates[job.state] ?? { text: job.state, tone: "info" as const };
  return (
    <article>
      <div className="mp-page-head">
        <h1>{job.title}</h1>
        <Badge tone={state.tone}>{state.text}</Badge>
      </div>
      <Actions job={job} viewer={viewer} />
      <Card>
        <JobFacts job={job} />
      </Card>
      <h2>Description</h2>
      <p className="mp-description">{job.description}</p>
      <h2>Skills</h2>
      <ul className="mp-skills">
        {job.skills.map((s) => (
          <li key={s.id}>{s.name}</li>
        ))}
      </ul>
      <h2>Workspace terms</h2>
      <p className="ui-muted">
        The work happens in a secure cloud desktop (a SkillPod). For this job it allows:
      </p>
      <Card>
        <WorkspaceTermsList terms={job.workspaceTerms} />
      </Card>
      <h2>About the client</h2>
      <AboutClient clientId={job.clientId} />
    </article>
  );
}
