import Link from "next/link";
import type { ReactElement } from "react";
import { formatDate } from "../../../lib/dates";
import { budgetText } from "../../../components/marketplace/format";
import { billingLabel, categoryLabel } from "../../../components/marketplace/labels";
import type { JobHit } from "../../../components/marketplace/types";

/** One search result: what a freelancer scans before opening a job. */
export function JobCard({ job }: { job: JobHit }): ReactElement {
  return (
    <article className="mp-card">
      <h3>
        <Link href={`/jobs/${job.id}`}>{job.title}</Link>
      </h3>
      <p className="mp-meta">
        <span>{budgetText(job.budget, job.billing)}</span>
        <span>{billingLabel(job.billing)}</span>
        <span>{categoryLabel(job.category)}</span>
        <span>Posted {formatDate(job.publishedAt)}</span>
      </p>
      <p className="mp-snippet">{job.snippet}</p>
      <ul className="mp-skills" aria-label="Skills">
        {job.skills.map((s) => (
          <li key={s.id}>{s.name}</li>
        ))}
      </ul>
      <p className="mp-meta">
        <span>
          {job.client.displayName}
          {job.client.country ? ` (${job.client.country})` : ""}
        </span>
        <span>
          {job.client.hires === 0
            ? "No hires yet"
            : `${job.client.hires} hire${job.client.hires === 1 ? "" : "s"}`}
        </span>
      </p>
    </article>
  );
}
