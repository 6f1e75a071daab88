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
import { afterCursor, cursorHeader, cursorOf, type CursorMatch, type SortPlan } from "./keyset.js";
import { textModeExtras, withSimilarityThreshold, type Match } from "./text-match.js";
import type { FacetCount, SearchEngine, SearchResult } from "./types.js";

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

/** What a text-mode query says about the fallback: whether q had words at all, and which to look for. */
type Fallback = { lexemes?: number; words?: string[] };

type Ran<Hit, F extends string> = { result: SearchResult<Hit, F>; fallback: Fallback };

/** A text query worth searching for: trimmed, or none. */
const queryText = (q: string | undefined): string | undefined => {
  const trimmed = q?.trim();
  return trimmed ? trimmed : undefined;
};

/** Runs a search statement; similarity mode needs its threshold set around it. */
function rowsOf<T>(db: PrismaClient, match: Match, sql: Prisma.Sql): Promise<T[]> {
  return match.mode === "similar" ? withSimilarityThreshold<T>(db, sql) : db.$queryRaw<T[]>(sql);
}

function planOf<S extends string>(plans: Record<S, SortPlan>, query: Common<S>, match: Match): SortPlan {
  const fallback = match.mode === "all" ? "newest" : "relevance";
  const sort = query.sort ?? (query.cursor ? cursorHeader(query.cursor).sort : fallback);
  return plans[sort as S] ?? plans[fallback as S];
}

type Row = FacetedRow & Fallback;
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
  const [row = emptyRow] = await rowsOf<Row>(db, match, facetedSql({ ...built, ...extras }));
  const page = pageOf(kind, row, query.limit, (last) => cursorOf(plan, match, last.sortKey));
  return {
    result: { ...page, matchedBy: match.mode === "all" ? null : match.mode },
    fallback: { lexemes: row.lexemes, words: row.words },
  };
}

/** After a text search found nothing: everything for a query of stop words, else the typo fallback. */
function fallbackMatch(q: string, fallback: Fallback): (Match & CursorMatch) | undefined {
  if (fallback.lexemes === 0) return { mode: "all", words: [] };
  const words = fallback.words ?? [];
  return words.length > 0 ? { mode: "similar", q, words } : undefined;
}

/** The match a search starts in: the cursor's, else full text when there is a text query. */
function firstMatch(query: Common<string>): Match & CursorMatch {
  const q = queryText(query.q);
  if (query.cursor) return { ...cursorHeader(query.cursor), ...(q ? { q } : {}) };
  return q ? { mode: "text", q, words: [] } : { mode: "all", words: [] };
}

/**
 * Full text first; when it matches nothing, the typo fallback (trigram similarity) — or, for a query of only
 * stop words, everything. A cursor keeps the match its first page had.
 */
async function search<Q extends Common<S>, S extends string, Hit, F extends string>(
  db: PrismaClient,
  kind: Kind<Q, S, Hit, F>,
  query: Q,
): Promise<SearchResult<Hit, F>> {
  const match = firstMatch(query);
  const first = await runPage(db, kind, query, match);
  if (match.mode !== "text" || first.result.total > 0 || !match.q) return first.result;
  const next = fallbackMatch(match.q, first.fallback);
  return next ? (await runPage(db, kind, query, next)).result : first.result;
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
    const [row] = await rowsOf<{ total: number; fresh: number } & Fallback>(
      db,
      match,
      countSql(kind.base(match), kind.filters(query), fresh, extras),
    );
    return row ?? { total: 0, fresh: 0 };
  };
  const q = queryText(query.q);
  if (!q) return (await count({ mode: "all" })).fresh;
  const text = await count({ mode: "text", q }, textModeExtras(q));
  if (text.total > 0) return text.fresh;
  const next = fallbackMatch(q, text);
  return next ? (await count(next)).fresh : 0;
}

const jobKind = {
  plans: jobPlans,
  build: jobSearchSql,
  hit: jobHitOf,
  facets: jobFacetsOf,
  base: (match: Match) => jobBase(match, false),
  filters: jobFilters,
};

const freelancerKind = {
  plans: freelancerPlans,
  build: freelancerSearchSql,
  hit: freelancerHitOf,
  facets: freelancerFacetsOf,
  base: (match: Match) => freelancerBase(match, false),
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
