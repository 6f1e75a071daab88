import { EmptyState, Pager, ProblemNotice } from "../../../../components/ui";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { problemOf, type Problem } from "../../../../api/problem";
import { api, dataOf } from "../../../../server/api";
import { AdminTabs } from "../_components/admin-tabs";
import { NotForYourAccount } from "../_components/not-for-your-account";
import { staffViewer } from "../_components/staff";
import { AuditFilterForm } from "./audit-filter-form";
import {
  apiFiltersOf,
  auditFiltersOf,
  queryOf,
  type AuditFilterValues,
  type SearchParams,
} from "./audit-query";
import { AuditTable, type AuditEvent } from "./audit-table";
import { ChainCheck, checkChain } from "./chain-check";
import type { ChainStatus } from "./chain-words";

export const metadata: Metadata = { title: "Audit trail" };

type EventPage = { items: AuditEvent[]; nextCursor: string | null } | { problem: Problem };

const wording: Record<string, string> = {
  SKP_AUDIT_INVALID_RANGE: "The time range ends before it starts: pick an end after the start.",
  SKP_AUDIT_INVALID_CURSOR: "That page of events no longer exists: start again from the first page.",
};

const inWords = (problem: Problem): Problem => ({
  ...problem,
  message: wording[problem.code] ?? problem.message,
});

/** A page of events; filters the API refuses (a range that ends before it starts) are shown, not thrown. */
async function eventsOf(values: AuditFilterValues, cursor: string | undefined): Promise<EventPage> {
  const result = await (
    await api()
  ).GET("/v1/audit/events", {
    params: { query: { ...apiFiltersOf(values), limit: 50, ...(cursor ? { cursor } : {}) } },
  });
  const status = result.response.status;
  if (status === 400 || status === 422) return { problem: inWords(problemOf(result.error, status)) };
  return dataOf(result, `/admin/audit${queryOf(values)}`);
}

function Exports({ values }: { values: AuditFilterValues }): ReactElement {
  return (
    <p className="ui-row">
      <span>Export the events these filters match, oldest first:</span>
      <a href={`/admin/audit/export${queryOf(values, { format: "csv" })}`} download>
        Export CSV
      </a>
      <a href={`/admin/audit/export${queryOf(values, { format: "ndjson" })}`} download>
        Export NDJSON
      </a>
    </p>
  );
}

function Events(props: {
  page: EventPage;
  values: AuditFilterValues;
  cursor?: string;
  brokenId?: string;
}): ReactElement {
  const { page, values } = props;
  if ("problem" in page) return <ProblemNotice problem={page.problem} />;
  if (page.items.length === 0)
    return (
      <EmptyState title="No events match these filters.">
        <p>Widen the time range or clear a filter; an action must match exactly.</p>
      </EmptyState>
    );
  return (
    <>
      <AuditTable events={page.items} {...(props.brokenId ? { brokenEventId: props.brokenId } : {})} />
      <Pager
        label="Audit event pages"
        {...(props.cursor ? { firstHref: `/admin/audit${queryOf(values)}` } : {})}
        {...(page.nextCursor
          ? { nextHref: `/admin/audit${queryOf(values, { cursor: page.nextCursor })}` }
          : {})}
      />
    </>
  );
}

export default async function AuditPage(props: {
  searchParams: Promise<SearchParams>;
}): Promise<ReactElement> {
  const search = await props.searchParams;
  const values = auditFiltersOf(search);
  const viewer = await staffViewer(`/admin/audit${queryOf(values)}`, "staff");
  if (!viewer) return <NotForYourAccount />;
  const cursor = typeof search.cursor === "string" ? search.cursor : undefined;
  const [page, status] = await Promise.all([
    eventsOf(values, cursor),
    search.verify === "1" ? checkChain() : Promise.resolve<ChainStatus | undefined>(undefined),
  ]);
  return (
    <>
      <h1>Audit trail</h1>
      <AdminTabs viewer={viewer} current="audit" />
      <ChainCheck values={values} {...(status ? { status } : {})} />
      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Events</h2>
        <AuditFilterForm values={values} />
        <Exports values={values} />
        <Events
          page={page}
          values={values}
          {...(cursor ? { cursor } : {})}
          {...(status?.brokenEventId ? { brokenId: status.brokenEventId } : {})}
        />
      </section>
    </>
  );
}
