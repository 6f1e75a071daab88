import { Prisma, type PrismaClient } from "../database.js";
import { suggestSkills } from "../skills/index.js";
import { suggestJobTitles } from "./autocomplete.js";
import {
  countSql,
  facetedSql,
  type FacetCounts,
  type FacetedQuery,
  type FacetedRow,
  type Filter,
} from "./faceted-query.js";
import {
  freelancerBase,
  freelancerFilters,
  freelancerPlans,
  freelancerSearchSql,
} from "./freelancer-search.js";
import { freelancerFacetsOf, freelancerHitOf, jobFacetsOf, jobHitOf, type RawItem } from "./hits.js";
import { jobBase, jobFilters, jobPlans, jobSearchSql } from "./job-search.js";
import { afterCursor, cursorHeader, cursorOf, type CursorMatch, type Mode, type SortPlan } from "./keyset.js";
import { searchRows } from "./statement.js";
import { textModeExtras, type Match } from "./text-match.js";
import type { FacetCount, MatchedBy, SearchEngine, SearchResult } from "./types.js";

type Common<S extends string> = { q?: string; sort?: S; cursor?: string; limit: number };

/** What differs between searching jobs and searching freelancers. */
type Kind<Q extends Common<S>, S extends string, Hit, F extends string> = {
  plans: Record<S, SortPlan>;
  build(query: Q, match: Match, sort: S, after: string[] | undefined): FacetedQuery;
  hit(raw: RawItem): Hit;
  facets(raw: FacetCounts): Record<F, FacetCount[]>;
  base(match: Match): Prisma.Sql;
  filters(query: Q): Filter[];
};

/** What a text-mode query says for the fallbacks (textModeExtras): whether q had words, which, corrected. */
type Fallback = { fallback?: { lexemes: number; words: string[]; corrected: string[] | null } | null };

type Ran<Hit, F extends string> = { result: SearchResult<Hit, F>; fallback: Fallback["fallback"] };

/** A text query worth searching for: trimmed, or none. */
const queryText = (q: string | undefined): string | undefined => {
  const trimmed = q?.trim();
  return trimmed ? trimmed : undefined;
};

function planOf<S extends string>(plans: Record<S, SortPlan>, query: Common<S>, match: Match): SortPlan {
  const fallback = match.mode === "all" ? "newest" : "relevance";
  const sort = query.sort ?? (query.cursor ? cursorHeader(query.cursor).sort : fallback);
  return plans[sort as S] ?? plans[fallback as S];
}

type Row = FacetedRow & Fallback;
const matchedBy: Record<Mode, MatchedBy | null> = {
  text: "text",
  corrected: "similar",
  similar: "similar",
  all: null,
};
const emptyRow: Row = { total: 0, items: [], facets: {}, top: [] };

function pageOf<Hit, F extends string>(
  kind: Pick<Kind<never, string, Hit, F>, "hit" | "facets">,
  row: Row,
  limit: number,
  next: (last: RawItem) => string,
): Omit<SearchResult<Hit, F>, "matchedBy"> {
  const raw = (row.items ?? []) as RawItem[];
  const shown = raw.slice(0, limit);
  const last = shown.at(-1);
  return {
    items: shown.map((item) => kind.hit(item)),
    total: row.total,
    facets: kind.facets({ ...row.facets, ...(row.top ? { skills: row.top } : {}) }),
    nextCursor: raw.length > limit && last ? next(last) : null,
  };
}

async function runPage<Q extends Common<S>, S extends string, Hit, F extends string>(
  db: PrismaClient,
  kind: Kind<Q, S, Hit, F>,
  query: Q,
  match: Match & CursorMatch,
): Promise<Ran<Hit, F>> {
  const plan = planOf(kind.plans, query, match);
  const after = query.cursor ? afterCursor(query.cursor, plan) : undefined;
  const built = kind.build(query, match, plan.name as S, after);
  const extras = match.mode === "text" && match.q ? { extras: textModeExtras(match.q) } : {};
  const [row = emptyRow] = await searchRows<Row>(db, facetedSql({ ...built, ...extras }));
  const page = pageOf(kind, row, query.limit, (last) => cursorOf(plan, match, last.sortKey));
  return {
    result: { ...page, matchedBy: matchedBy[match.mode] },
    fallback: row.fallback,
  };
}

type Next = Match & CursorMatch;

/**
 * What to try after a text search found nothing, in order: everything for a query of stop words; else the
 * words corrected by the skill vocabulary; else titles like the words.
 */
function fallbacksOf(q: string, fallback: Fallback["fallback"]): Next[] {
  if (!fallback) return [];
  if (fallback.lexemes === 0) return [{ mode: "all", words: [] }];
  const corrected: Next[] = fallback.corrected?.length
    ? [{ mode: "corrected", words: fallback.corrected }]
    : [];
  const similar: Next[] = fallback.words.length ? [{ mode: "similar", q, words: fallback.words }] : [];
  return [...corrected, ...similar];
}

/** The match a search starts in: the cursor's, else full text when there is a text query. */
function firstMatch(query: Common<string>): Match & CursorMatch {
  const q = queryText(query.q);
  if (query.cursor) return { ...cursorHeader(query.cursor), ...(q ? { q } : {}) };
  return q ? { mode: "text", q, words: [] } : { mode: "all", words: [] };
}

/**
 * Full text first; when it matches nothing, the fallbacks (fallbacksOf) until one finds something. A cursor
 * keeps the match its first page had.
 */
async function search<Q extends Common<S>, S extends string, Hit, F extends string>(
  db: PrismaClient,
  kind: Kind<Q, S, Hit, F>,
  query: Q,
): Promise<SearchResult<Hit, F>> {
  const match = firstMatch(query);
  const first = await runPage(db, kind, query, match);
  if (match.mode !== "text" || first.result.total > 0 || !match.q) return first.result;
  let last = first.result;
  for (const next of fallbacksOf(match.q, first.fallback)) {
    last = (await runPage(db, kind, query, next)).result;
    if (last.total > 0) break;
  }
  return last;
}

async function countNew<Q extends Common<S>, S extends string, Hit, F extends string>(
  db: PrismaClient,
  kind: Kind<Q, S, Hit, F>,
  query: Q,
  fresh: Prisma.Sql,
): Promise<number> {
  const count = async (
    match: Match,
    extras?: Prisma.Sql,
  ): Promise<{ total: number; fresh: number } & Fallback> => {
    const [row] = await searchRows<{ total: number; fresh: number } & Fallback>(
      db,
      countSql(kind.base(match), kind.filters(query), fresh, extras),
    );
    return row ?? { total: 0, fresh: 0 };
  };
  const q = queryText(query.q);
  if (!q) return (await count({ mode: "all" })).fresh;
  const text = await count({ mode: "text", q }, textModeExtras(q));
  if (text.total > 0) return text.fresh;
  for (const next of fallbacksOf(q, text.fallback)) {
    const counted = await count(next);
    if (counted.total > 0) return counted.fresh;
  }
  return 0;
}

const jobKind = {
  plans: jobPlans,
  build: jobSearchSql,
  hit: jobHitOf,
  facets: jobFacetsOf,
  base: jobBase,
  filters: jobFilters,
};

const freelancerKind = {
  plans: freelancerPlans,
  build: freelancerSearchSql,
  hit: freelancerHitOf,
  facets: freelancerFacetsOf,
  base: freelancerBase,
  filters: freelancerFilters,
};

/** Search on PostgreSQL alone: stored weighted tsvectors, pg_trgm, facets and keysets in SQL. */
export function postgresSearchEngine(db: PrismaClient): SearchEngine {
  return {
    searchJobs: (query) => search(db, jobKind, query),
    searchFreelancers: (query) => search(db, freelancerKind, query),
    autocomplete: async (q, limit) => {
      const [jobs, skills] = await Promise.all([suggestJobTitles(db, q, limit), suggestSkills(db, q, limit)]);
      return { jobs, skills };
    },
    countNewJobs: (query, since) => countNew(db, jobKind, query, Prisma.sql`at > ${since}::timestamptz`),
    countNewFreelancers: (query, since) =>
      countNew(db, freelancerKind, query, Prisma.sql`at > ${since}::timestamptz`),
  };
}
