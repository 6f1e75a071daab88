import { EmptyState, Notice, Pager, ProblemNotice, SelectField } from "../../../components/ui";
import Form from "next/form";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { problemOf } from "../../../api/problem";
import { categoryLabel } from "../../../components/marketplace/labels";
import type { SearchParams } from "../../../components/marketplace/search-params";
import type { JobSearchResult } from "../../../components/marketplace/types";
import { api } from "../../../server/api";
import { saveJobSearch } from "./actions";
import { JobCard } from "./job-card";
import { AppliedJobFilters, JobFacets } from "./job-facets";
import {
  hasJobFilters,
  jobFiltersOf,
  jobSearchHref,
  jobSearchQueryOf,
  pageSize,
  savedJobQueryOf,
  suggestedSearchName,
  type JobFilters,
} from "./job-filters";
import { SaveSearch } from "../../../components/marketplace/save-search";
import { SearchBox } from "./search-box";
import "../../../components/marketplace/marketplace.css";

export const metadata: Metadata = { title: "Find work" };

const sortOptions: [string, string][] = [
  ["relevance", "Best match"],
  ["newest", "Newest first"],
  ["budget_high", "Highest budget first"],
  ["budget_low", "Lowest budget first"],
];

/** The search form: the words, the order, and the filters already applied (kept as hidden fields). */
function SearchForm({ filters: f }: { filters: JobFilters }): ReactElement {
  const kept = savedJobQueryOf({ ...f, q: "", sort: undefined });
  const search = jobSearchHref(f).split("?")[1] ?? "";
  return (
    <Form action="/jobs" role="search" className="mp-search">
      <SearchBox key={f.q} initial={f.q} filters={search} />
      {Object.entries(kept).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [String(value)]).map((v) => (
          <input key={`${name}-${v}`} type="hidden" name={name} value={v} />
        )),
      )}
      <SelectField
        name="sort"
        label="Sort by"
        defaultValue={f.sort ?? (f.q ? "relevance" : "newest")}
        options={sortOptions}
      />
      <button type="submit" className="ui-button">
        Search
      </button>
    </Form>
  );
}

function Summary({ filters: f, result }: { filters: JobFilters; result: JobSearchResult }): ReactElement {
  const from = (f.page - 1) * pageSize + 1;
  const to = from + result.items.length - 1;
  return (
    <>
      <h2 className="mp-summary">
        {result.total} open job{result.total === 1 ? "" : "s"}
        {f.q ? ` for “${f.q}”` : ""}
        {result.items.length > 0 && result.total > result.items.length ? (
          <span className="ui-muted">
            {" "}
            (showing {from}–{to})
          </span>
        ) : null}
      </h2>
      {result.matchedBy === "similar" && result.items.length > 0 ? (
        <Notice>No job matched “{f.q}” word for word, so these are jobs with similar titles.</Notice>
      ) : null}
    </>
  );
}

function Results({ filters: f, result }: { filters: JobFilters; result: JobSearchResult }): ReactElement {
  if (result.items.length === 0)
    return (
      <EmptyState title="No open jobs match this search">
        <p>Try fewer or different words, or remove a filter.</p>
        {hasJobFilters(f) ? <Link href="/jobs">Clear the search and all filters</Link> : null}
      </EmptyState>
    );
  return (
    <>
      <ol className="mp-results">
        {result.items.map((job) => (
          <li key={job.id}>
            <JobCard job={job} />
          </li>
        ))}
      </ol>
      <Pager
        firstHref={f.cursor ? jobSearchHref(f) : undefined}
        nextHref={
          result.nextCursor ? jobSearchHref(f, { cursor: result.nextCursor, page: f.page + 1 }) : undefined
        }
      />
    </>
  );
}

export default async function JobsPage(props: {
  searchParams: Promise<SearchParams>;
}): Promise<ReactElement> {
  const filters = jobFiltersOf(await props.searchParams);
  const result = await (await api()).GET("/v1/search/jobs", { params: { query: jobSearchQueryOf(filters) } });
  return (
    <>
      <h1>Find work</h1>
      <SearchForm filters={filters} />
      {result.data ? (
        <div className="ui-split mp-search-layout">
          <aside aria-label="Filters" className="mp-filters" id="filters">
            <h2>Filters</h2>
            <JobFacets filters={filters} facets={result.data.facets} />
          </aside>
          <section aria-label="Results">
            <a href="#filters" className="mp-jump">
              Filters
            </a>
            <AppliedJobFilters filters={filters} facets={result.data.facets} />
            <Summary filters={filters} result={result.data} />
            <SaveSearch
              href={jobSearchHref(filters)}
              action={saveJobSearch}
              suggestedName={suggestedSearchName(filters, categoryLabel)}
            />
            <Results filters={filters} result={result.data} />
          </section>
        </div>
      ) : (
        <ProblemNotice problem={problemOf(result.error, result.response.status)} />
      )}
    </>
  );
}
