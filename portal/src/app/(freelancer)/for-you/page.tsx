import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { EmptyState } from "../../../components/ui";
import { budgetText } from "../../../components/marketplace/format";
import { billingLabel, categoryLabel, durationLabel } from "../../../components/marketplace/labels";
import { NotForYourAccount, viewerWithRole } from "../../../components/marketplace/role-gate";
import type { Match } from "../../../components/marketplace/types";
import { formatDate } from "../../../lib/dates";
import { api, dataOf } from "../../../server/api";

export const metadata: Metadata = { title: "Jobs for you" };

const partNames: Record<string, string> = {
  skills: "Skills",
  rateFit: "Rate",
  availability: "Availability",
  deliveryRecord: "Delivery record",
  reviews: "Reviews",
};

function MatchCard({ match }: { match: Match }): ReactElement {
  const { job } = match;
  return (
    <article className="mp-card">
      <div className="mp-page-head" style={{ marginBottom: 4 }}>
        <h2 style={{ margin: 0, fontSize: "1.1rem" }}>
          <Link href={`/jobs/${job.id}`}>{job.title}</Link>
        </h2>
        <span className="mp-score">{Math.round(match.score * 100)} points</span>
      </div>
      <p className="mp-meta">
        <span>{budgetText(job.budget, job.billing)}</span>
        <span>{billingLabel(job.billing)}</span>
        <span>{categoryLabel(job.category)}</span>
        <span>{durationLabel(job.duration)}</span>
        {job.publishedAt ? <span>Posted {formatDate(job.publishedAt)}</span> : null}
      </p>
      <h3 className="visually-hidden">Why this job</h3>
      <ul className="mp-reasons">
        {match.parts.map((part) => (
          <li key={part.name}>
            <span className="mp-bar-track" aria-hidden="true">
              <span className="mp-bar" style={{ width: `${Math.round(part.value * 100)}%` }} />
            </span>
            <span>
              <strong>{partNames[part.name] ?? part.name}</strong>{" "}
              <span className="ui-muted">
                ({Math.round(part.contribution * 100)} of {Math.round(part.weight * 100)} points)
              </span>
              : {part.reason}
            </span>
          </li>
        ))}
      </ul>
    </article>
  );
}

export default async function ForYouPage(): Promise<ReactElement> {
  if (!(await viewerWithRole("/for-you", "freelancer"))) return <NotForYourAccount role="freelancer" />;
  const matches = dataOf(
    await (await api()).GET("/v1/me/jobs-for-you", { params: { query: { limit: 20 } } }),
    "/for-you",
  );
  return (
    <>
      <h1>Jobs for you</h1>
      <p className="ui-muted">
        Open jobs that fit your profile best. Each match says why: skills, rate, availability, delivery record
        and reviews each add their share.
      </p>
      {matches.items.length === 0 ? (
        <EmptyState title="No matches yet">
          <p>
            Add skills and an hourly rate to your profile in <Link href="/settings">settings</Link>, or{" "}
            <Link href="/jobs">search all jobs</Link>.
          </p>
        </EmptyState>
      ) : (
        <ol className="mp-results">
          {matches.items.map((m) => (
            <li key={m.job.id}>
              <MatchCard match={m} />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
