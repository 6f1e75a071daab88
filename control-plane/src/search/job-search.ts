import { Prisma } from "../database.js";
import { jobCategories } from "../jobs/index.js";
import { budgetBands, hiredContractStates, postedWindows } from "./bands.js";
import type { BucketFacet, FacetedQuery, Filter } from "./faceted-query.js";
import type { SortPlan } from "./keyset.js";
import { snippetOf, textMatch, type Match, type TextColumns } from "./text-match.js";
import type { JobSearchQuery, JobSort, PostedWithin } from "./types.js";

// Job search as SQL: open public jobs only; base's columns are id, row_ref (the row's ctid: the page ranks
// and reads its rows through it), at (published_at), category, skill_ids, billing, budget_min, budget_max
// and hired (the client has hired before).

const at = { expression: Prisma.sql`at`, type: "timestamptz" as const };
const id = { expression: Prisma.sql`id`, type: "uuid" as const };

export const jobPlans: Record<JobSort, SortPlan> = {
  relevance: { name: "relevance", keys: [{ expression: Prisma.sql`rank`, type: "numeric" }, at, id] },
  newest: { name: "newest", keys: [at, id] },
  budget_high: {
    name: "budget_high",
    keys: [{ expression: Prisma.sql`budget_max`, type: "bigint" }, at, id],
  },
  budget_low: {
    name: "budget_low",
    keys: [{ expression: Prisma.sql`budget_min`, type: "bigint", ascending: true }, at, id],
  },
};

const hiredStates = Prisma.sql`${[...hiredContractStates]}::text[]`;
// contracts.client_id is text; only ids that are uuids can be a job's client (and cast without error).
const uuidPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

const textColumns = (alias: string): TextColumns => ({
  vector: Prisma.raw(`${alias}.search_vector`),
  title: Prisma.raw(`${alias}.title`),
});

/** The open public jobs matching q. */
export function jobBase(match: Match): Prisma.Sql {
  const text = textMatch(match, textColumns("j"));
  return Prisma.sql`
    SELECT j.id, j.ctid AS row_ref, j.published_at AS at, j.category, j.skill_ids, j.billing::text AS billing,
      j.budget_min_minor AS budget_min, j.budget_max_minor AS budget_max,
      (j.client_id IN (SELECT c.client_id::uuid FROM contracts c
                       WHERE c.state = ANY(${hiredStates}) AND c.client_id ~* ${uuidPattern})) AS hired
    FROM jobs j
    WHERE j.state = 'OPEN' AND j.visibility = 'PUBLIC' AND ${text.predicate}`;
}

// The cube's dimensions (see faceted-query.ts): the category, billing and client history themselves, the
// shortest "posted within" window a job is in, and the bands its budget's two ends fall in (a job is in every
// band from its minimum's to its maximum's: bands are contiguous).
const windows = Object.entries(postedWindows) as [PostedWithin, number][];
// A subquery, so PostgreSQL computes the instant once per statement (an InitPlan), not once per row.
const since = (days: number): Prisma.Sql => Prisma.sql`(SELECT now() - make_interval(days => ${days}::int))`;
const bandOf = (column: Prisma.Sql): Prisma.Sql =>
  Prisma.sql`CASE ${Prisma.join(
    budgetBands.flatMap((band, i) =>
      band.maxMinor === null ? [] : [Prisma.sql`WHEN ${column} <= ${band.maxMinor}::bigint THEN ${i}::int`],
    ),
    " ",
  )} ELSE ${budgetBands.length - 1}::int END`;

const jobDimensions = [
  Prisma.sql`category`,
  Prisma.sql`billing`,
  Prisma.sql`hired`,
  Prisma.sql`CASE ${Prisma.join(
    windows.map(([, days]) => Prisma.sql`WHEN at >= ${since(days)} THEN ${days}::int`),
    " ",
  )} ELSE NULL END AS posted_days`,
  Prisma.sql`${bandOf(Prisma.sql`budget_min`)} AS band_low`,
  Prisma.sql`${bandOf(Prisma.sql`budget_max`)} AS band_high`,
];

const postedSince = (days: number): Prisma.Sql => Prisma.sql`at >= ${since(days)}`;

/** A budget range overlapping [min, max] (either end open). */
const budgetOverlaps = (min: number | undefined, max: number | null | undefined): Prisma.Sql =>
  Prisma.join(
    [
      ...(min !== undefined ? [Prisma.sql`budget_max >= ${min}::bigint`] : []),
      ...(max !== undefined && max !== null ? [Prisma.sql`budget_min <= ${max}::bigint`] : []),
      Prisma.sql`true`,
    ],
    " AND ",
  );

const anyOf = (values: string[] | undefined): values is string[] => (values?.length ?? 0) > 0;
const same = (sql: Prisma.Sql): Omit<Filter, "name"> => ({ row: sql, cube: sql });

/** Each filter the query sets (over rows, and over the cube where a dimension says it), or undefined. */
const jobFilterOf: Record<string, (query: JobSearchQuery) => Omit<Filter, "name"> | undefined> = {
  category: (query) =>
    anyOf(query.categories) ? same(Prisma.sql`category = ANY(${query.categories}::text[])`) : undefined,
  skills: (query) =>
    anyOf(query.skillIds) ? { row: Prisma.sql`skill_ids && ${query.skillIds}::text[]` } : undefined,
  billing: (query) =>
    anyOf(query.billing) ? same(Prisma.sql`billing = ANY(${query.billing}::text[])`) : undefined,
  budget: (query) =>
    query.budgetMin === undefined && query.budgetMax === undefined
      ? undefined
      : { row: budgetOverlaps(query.budgetMin, query.budgetMax) },
  postedWithin: (query) => {
    if (!query.postedWithin) return undefined;
    const days = postedWindows[query.postedWithin];
    return { row: postedSince(days), cube: Prisma.sql`posted_days <= ${days}::int` };
  },
  clientHistory: (query) => {
    if (!query.clientHistory) return undefined;
    return same(query.clientHistory === "hired" ? Prisma.sql`hired` : Prisma.sql`NOT hired`);
  },
};

export function jobFilters(query: JobSearchQuery): Filter[] {
  return Object.entries(jobFilterOf).flatMap(([name, filterOf]) => {
    const filter = filterOf(query);
    return filter ? [{ name, ...filter }] : [];
  });
}

const valueBuckets = (column: Prisma.Sql, values: readonly string[]): BucketFacet["buckets"] =>
  values.map((value) => ({ value, predicate: Prisma.sql`${column} = ${value}::text` }));

const skillsFacet = { name: "skills", ignores: "skills", column: Prisma.sql`skill_ids`, top: 20 };
const wanted = (asked: string[] | undefined, name: string): boolean => !asked || asked.includes(name);

export const jobFacets: BucketFacet[] = [
  { name: "category", ignores: "category", buckets: valueBuckets(Prisma.sql`category`, jobCategories) },
  { name: "billing", ignores: "billing", buckets: valueBuckets(Prisma.sql`billing`, ["FIXED", "HOURLY"]) },
  {
    name: "budget",
    ignores: "budget",
    buckets: budgetBands.map((band, i) => ({
      value: band.value,
      predicate: Prisma.sql`band_low <= ${i}::int AND band_high >= ${i}::int`,
    })),
  },
  {
    name: "postedWithin",
    ignores: "postedWithin",
    buckets: windows.map(([value, days]) => ({ value, predicate: Prisma.sql`posted_days <= ${days}::int` })),
  },
  {
    name: "clientHistory",
    ignores: "clientHistory",
    buckets: [
      { value: "hired", predicate: Prisma.sql`hired` },
      { value: "new", predicate: Prisma.sql`NOT hired` },
    ],
  },
];

/** The page's jobs as JSON, in page order, with skills, snippet and a short summary of the client. */
function jobItems(match: Match): Prisma.Sql {
  return Prisma.sql`(
    SELECT coalesce(json_agg(json_build_object(
      'id', j.id, 'title', j.title, 'snippet', ${snippetOf(match, Prisma.sql`j.description`)},
      'category', j.category, 'billing', j.billing,
      'skills', (SELECT coalesce(json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY k.ord), '[]'::json)
                 FROM unnest(j.skill_ids) WITH ORDINALITY AS k(id, ord) JOIN skills s ON s.id = k.id),
      'budgetMin', j.budget_min_minor, 'budgetMax', j.budget_max_minor, 'currency', j.currency,
      'publishedAt', j.published_at, 'clientId', j.client_id,
      'clientName', coalesce(nullif(cp.display_name, ''), u.display_name), 'country', coalesce(cp.country, ''),
      'hires', (SELECT count(*) FROM contracts c WHERE c.client_id = j.client_id::text AND c.state = ANY(${hiredStates})),
      'sortKey', p.sort_key) ORDER BY p.ord), '[]'::json)
    FROM page p JOIN jobs j ON j.ctid = p.row_ref JOIN users u ON u.id = j.client_id
    LEFT JOIN client_profiles cp ON cp.user_id = j.client_id)`;
}

export function jobSearchSql(
  query: JobSearchQuery,
  match: Match,
  sort: JobSort,
  after: string[] | undefined,
): FacetedQuery {
  return {
    base: jobBase(match),
    ...(sort === "relevance" && match.mode !== "all"
      ? {
          rank: {
            join: Prisma.sql`JOIN jobs r ON r.ctid = filtered.row_ref`,
            expression: textMatch(match, textColumns("r")).rank,
          },
        }
      : {}),
    materialize: match.mode !== "all",
    filters: jobFilters(query),
    dimensions: jobDimensions,
    facets: jobFacets.filter((facet) => wanted(query.facets, facet.name)),
    ...(wanted(query.facets, "skills") ? { arrayFacet: skillsFacet } : {}),
    plan: jobPlans[sort],
    ...(after ? { after } : {}),
    limit: query.limit,
    items: jobItems(match),
  };
}
