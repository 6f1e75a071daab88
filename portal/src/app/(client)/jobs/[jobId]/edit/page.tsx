import { uuidOrNotFound } from "../../../../../components/marketplace/ids";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { Badge, Notice } from "../../../../../components/ui";
import { jobStates } from "../../../../../components/marketplace/labels";
import { NotForYourAccount, viewerWithRole } from "../../../../../components/marketplace/role-gate";
import { api, dataOf } from "../../../../../server/api";
import { JobForm } from "../../job-form";
import { saveJob } from "./actions";
import { JobMovedNotice, JobMoves } from "./job-moves";

export const metadata: Metadata = { title: "Edit job" };

type Props = { params: Promise<{ jobId: string }>; searchParams: Promise<{ moved?: string }> };

export default async function EditJobPage({ params, searchParams }: Props): Promise<ReactElement> {
  const jobId = uuidOrNotFound((await params).jobId);
  const path = `/jobs/${jobId}/edit`;
  const viewer = await viewerWithRole(path, "client");
  if (!viewer) return <NotForYourAccount role="client" />;
  const client = await api();
  const [jobResult, skillsResult] = await Promise.all([
    client.GET("/v1/jobs/{jobId}", { params: { path: { jobId } } }),
    client.GET("/v1/skills"),
  ]);
  const job = dataOf(jobResult, path);
  if (job.clientId !== viewer.id) return <NotForYourAccount role="client" />;
  const state = jobStates[job.state] ?? { text: job.state, tone: "info" as const };
  const editable = job.state === "DRAFT" || job.state === "OPEN";
  return (
    <div style={{ maxWidth: 880 }}>
      <div className="mp-page-head">
        <h1>Edit job</h1>
        <Badge tone={state.tone}>{state.text}</Badge>
      </div>
      <p>
        <Link href={`/jobs/${job.id}`}>See the job as freelancers see it</Link> ·{" "}
        <Link href={`/my-jobs/${job.id}`}>Its proposals</Link>
      </p>
      <JobMovedNotice moved={(await searchParams).moved} />
      <JobMoves job={job} from="edit" />
      {editable ? (
        <JobForm action={saveJob} skills={dataOf(skillsResult, path).items} job={job} />
      ) : (
        <Notice tone="info" title={`A ${state.text.toLowerCase()} job cannot be edited`}>
          {job.state === "CLOSED" ? "Reopen it to change it." : "It has been filled."}
        </Notice>
      )}
    </div>
  );
}
