import { Badge, EmptyState, LinkButton, Pager, TabLinks } from "../../../components/ui";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { budgetText } from "../../../components/marketplace/format";
import { jobStates } from "../../../components/marketplace/labels";
import { NotForYourAccount, viewerWithRole } from "../../../components/marketplace/role-gate";
import {
  paramOne,
  paramText,
  queryStringOf,
  type SearchParams,
} from "../../../components/marketplace/search-params";
import { formatDate } from "../../../lib/dates";
import { api, dataOf } from "../../../server/api";

export const metadata: Metadata = { title: "My jobs" };

const states = ["OPEN", "DRAFT", "CLOSED", "FILLED"] as const;

export default async function MyJobsPage(props: {
  searchParams: Promise<SearchParams>;
}): Promise<ReactElement> {
  if (!(await viewerWithRole("/my-jobs", "client"))) return <NotForYourAccount role="client" />;
  const params = await props.searchParams;
  const state = paramOne(params.state, states);
  const cursor = paramText(params.cursor, 512) || undefined;
  const page = dataOf(
    await (
      await api()
    ).GET("/v1/me/jobs", { params: { query: { state: state ? [state] : undefined, cursor, limit: 20 } } }),
    "/my-jobs",
  );
  return (
    <>
      <div className="mp-page-head">
        <h1>My jobs</h1>
        <div className="mp-actions" style={{ margin: 0 }}>
          <Link href="/offers">Offers you have made</Link>
          <LinkButton href="/jobs/new">Post a job</LinkButton>
        </div>
      </div>
      <TabLinks
        label="Jobs by state"
        tabs={[
          { href: "/my-jobs", text: "All", current: !state },
          ...states.map((s) => ({
            href: `/my-jobs?state=${s}`,
            text: jobStates[s]!.text,
            current: state === s,
          })),
        ]}
      />
      {page.items.length === 0 ? (
        <EmptyState
          title={state ? `No ${jobStates[state]!.text.toLowerCase()} jobs` : "You have not posted a job yet"}
        >
          <p>
            <Link href="/jobs/new">Post a job</Link>: freelancers find it in search and send proposals.
          </p>
        </EmptyState>
      ) : (
        <ul className="mp-list">
          {page.items.map((job) => (
            <li key={job.id} className="mp-card">
              <h2 style={{ margin: "0 0 4px", fontSize: "1.05rem" }}>
                <Link href={`/my-jobs/${job.id}`}>{job.title}</Link>
              </h2>
              <p className="mp-meta">
                <Badge tone={jobStates[job.state]?.tone ?? "info"}>
                  {jobStates[job.state]?.text ?? job.state}
                </Badge>
                <span>{budgetText(job.budget, job.billing)}</span>
                <span>
                  {job.publishedAt
                    ? `Posted ${formatDate(job.publishedAt)}`
                    : `Created ${formatDate(job.createdAt)}`}
                </span>
                <Link href={`/jobs/${job.id}/edit`}>
                  Edit<span className="visually-hidden"> {job.title}</span>
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pager
        firstHref={cursor ? `/my-jobs${queryStringOf({ state })}` : undefined}
        nextHref={
          page.nextCursor ? `/my-jobs${queryStringOf({ state, cursor: page.nextCursor })}` : undefined
        }
      />
    </>
  );
}
