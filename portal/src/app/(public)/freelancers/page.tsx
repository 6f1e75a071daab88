import { EmptyState, Notice, Pager, ProblemNotice, SelectField } from "../../../components/ui";
import Form from "next/form";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { problemOf } from "../../../api/problem";
import { rateText } from "../../../components/marketplace/format";
import { availabilityLabel } from "../../../components/marketplace/labels";
import type { SearchParams } from "../../../components/marketplace/search-params";
import type { FreelancerSearchResult } from "../../../components/marketplace/types";
import { api } from "../../../server/api";
import { AppliedFreelancerFilters, FreelancerFacets } from "./freelancer-facets";
import {
  freelancerFiltersOf,
  freelancerSearchHref,
  freelancerSearchQueryOf,
  hasFreelancerFilters,
  pageSize,
  savedFreelancerQueryOf,
  type FreelancerFilters,
} from "./freelancer-filters";
import { SaveSearch } from "../../../components/marketplace/save-search";
import { saveFreelancerSearch } from "./actions";
import "../../../components/marketplace/marketplace.css";

export const metadata: Metadata = { title: "Find talent" };

type Person = FreelancerSearchResult["items"][number];

function SearchForm({ filters: f }: { filters: FreelancerFilters }): ReactElement {
  const kept = savedFreelancerQueryOf({ ...f, q: "", sort: undefined });
  return (
    <Form action="/freelancers" role="search" className="mp-search">
      <div className="ui-field">
        <label htmlFor="q">Search freelancers</label>
        <input
          id="q"
          name="q"
          type="search"
          className="ui-input"
          defaultValue={f.q}
          placeholder="e.g. react, figma"
        />
      </div>
      {Object.entries(kept).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [String(value)]).map((v) => (
          <input key={`${name}-${v}`} type="hidden" name={name} value={v} />
        )),
      )}
      <SelectField
        name="sort"
        label="Sort by"
        defaultValue={f.sort ?? (f.q ? "relevance" : "newest")}
        options={[
          ["relevance", "Best match"],
          ["newest", "Newest first"],
          ["rate_high", "Highest rate first"],
          ["rate_low", "Lowest rate first"],
        ]}
      />
      <button type="submit" className="ui-button">
        Search
      </button>
    </Form>
  );
}

function PersonCard({ person: p }: { person: Person }): ReactElement {
  return (
    <article className="mp-card">
      <h3>
        <Link href={`/freelancers/${p.handle}`}>{p.headline || p.handle}</Link>
      </h3>
      <p className="mp-meta">
        <span>@{p.handle}</span>
        <span>{rateText(p.hourlyRate)}</span>
        <span>{availabilityLabel(p.availability)}</span>
        <span>{p.timezone}</span>
      </p>
      <p className="mp-snippet">{p.snippet}</p>
      <ul className="mp-skills" aria-label="Skills">
        {p.skills.map((s) => (
          <li key={s.id}>{s.name}</li>
        ))}
      </ul>
    </article>
  );
}

function Summary({
  filters: f,
  result,
}: {
  filters: FreelancerFilters;
  result: FreelancerSearchResult;
}): ReactElement {
  const from = (f.page - 1) * pageSize + 1;
  return (
    <>
      <h2 className="mp-summary">
        {result.total} freelancer{result.total === 1 ? "" : "s"}
        {f.q ? ` for “${f.q}”` : ""}
        {result.total > result.items.length && result.items.length > 0 ? (
          <span className="ui-muted">
            {" "}
            (showing {from}–{from + result.items.length - 1})
          </span>
        ) : null}
      </h2>
      {result.matchedBy === "similar" && result.items.length > 0 ? (
        <Notice>No exact match for “{f.q}”; these are similar.</Notice>
      ) : null}
    </>
  );
}

function Results({
  filters: f,
  result,
}: {
  filters: FreelancerFilters;
  result: FreelancerSearchResult;
}): ReactElement {
  return (
    <>
      <Summary filters={f} result={result} />
      {result.items.length === 0 ? (
        <EmptyState title="Nobody matches this search">
          <p>Try other words or remove a filter.</p>
          {hasFreelancerFilters(f) ? <Link href="/freelancers">Clear the search and all filters</Link> : null}
        </EmptyState>
      ) : (
        <ol className="mp-results">
          {result.items.map((p) => (
            <li key={p.userId}>
              <PersonCard person={p} />
            </li>
          ))}
        </ol>
      )}
      <Pager
        firstHref={f.cursor ? freelancerSearchHref(f) : undefined}
        nextHref={
          result.nextCursor
            ? freelancerSearchHref(f, { cursor: result.nextCursor, page: f.page + 1 })
            : undefined
        }
      />
    </>
  );
}

export default async function FreelancersPage(props: {
  searchParams: Promise<SearchParams>;
}): Promise<ReactElement> {
  const filters = freelancerFiltersOf(await props.searchParams);
  const result = await (
    await api()
  ).GET("/v1/search/freelancers", {
    params: { query: freelancerSearchQueryOf(filters) },
  });
  return (
    <>
      <h1>Find talent</h1>
      <SearchForm filters={filters} />
      {result.data ? (
        <div className="ui-split mp-search-layout">
          <aside aria-label="Filters" className="mp-filters" id="filters">
            <h2>Filters</h2>
            <FreelancerFacets filters={filters} facets={result.data.facets} />
          </aside>
          <section aria-label="Results">
            <a href="#filters" className="mp-jump">
              Filters
            </a>
            <AppliedFreelancerFilters filters={filters} facets={result.data.facets} />
            <SaveSearch
              href={freelancerSearchHref(filters)}
              action={saveFreelancerSearch}
              suggestedName={(filters.q || filters.skills.join(", ") || "All freelancers").slice(0, 100)}
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
