import { Prisma } from "../database.js";
import { rateBands } from "./bands.js";
import type { BucketFacet, FacetedQuery, Filter } from "./faceted-query.js";
import type { SortPlan } from "./keyset.js";
import { snippetOf, textMatch, type Match, type TextColumns } from "./text-match.js";
import type { FreelancerSearchQuery, FreelancerSort } from "./types.js";

// Freelancer search as SQL over profiles (headline A, skills B, bio C); base's columns are id (the user),
// row_ref (the row's ctid), at (profile created), skill_ids, availability and rate (hourly, minor units;
// null when unset).

const at = { expression: Prisma.sql`at`, type: "timestamptz" as const };
const id = { expression: Prisma.sql`id`, type: "uuid" as const };

// Profiles without a rate sort last both ways.
export const freelancerPlans: Record<FreelancerSort, SortPlan> = {
  relevance: { name: "relevance", keys: [{ expression: Prisma.sql`rank`, type: "numeric" }, at, id] },
  newest: { name: "newest", keys: [at, id] },
  rate_high: {
    name: "rate_high",
    keys: [{ expression: Prisma.sql`coalesce(rate, -1)`, type: "bigint" }, at, id],
  },
  rate_low: {
    name: "rate_low",
    keys: [
      { expression: Prisma.sql`coalesce(rate, 10000000000000)`, type: "bigint", ascending: true },
      at,
      id,
    ],
  },
};

const textColumns = (alias: string): TextColumns => ({
  vector: Prisma.raw(`${alias}.search_vector`),
  title: Prisma.raw(`${alias}.headline`),
});

export function freelancerBase(match: Match): Prisma.Sql {
  const text = textMatch(match, textColumns("f"));
  return Prisma.sql`
    SELECT f.user_id AS id, f.ctid AS row_ref, f.created_at AS at, f.skill_ids, f.availability::text AS availability,
      f.hourly_rate_minor AS rate
    FROM freelancer_profiles f
    WHERE ${text.predicate}`;
}

const rateBetween = (min: number | undefined, max: number | null | undefined): Prisma.Sql =>
  Prisma.join(
    [
      ...(min !== undefined ? [Prisma.sql`rate >= ${min}::bigint`] : []),
      ...(max !== undefined && max !== null ? [Prisma.sql`rate <= ${max}::bigint`] : []),
      Prisma.sql`rate IS NOT NULL`,
    ],
    " AND ",
  );

export function freelancerFilters(query: FreelancerSearchQuery): Filter[] {
  const filters: Filter[] = [];
  if (query.skillIds?.length)
    filters.push({ name: "skills", row: Prisma.sql`skill_ids && ${query.skillIds}::text[]` });
  if (query.availability?.length) {
    const availability = Prisma.sql`availability = ANY(${query.availability}::text[])`;
    filters.push({ name: "availability", row: availability, cube: availability });
  }
  if (query.rateMin !== undefined || query.rateMax !== undefined)
    filters.push({ name: "rate", row: rateBetween(query.rateMin, query.rateMax) });
  return filters;
}

const availabilities = ["FULL_TIME", "PART_TIME", "NOT_AVAILABLE"] as const;

// The cube's dimensions: availability, and the rate band (null without a rate).
const freelancerDimensions = [
  Prisma.sql`availability`,
  Prisma.sql`CASE ${Prisma.join(
    rateBands.map((band, i) => Prisma.sql`WHEN ${rateBetween(band.minMinor, band.maxMinor)} THEN ${i}::int`),
    " ",
  )} END AS rate_band`,
];

const skillsFacet = { name: "skills", ignores: "skills", column: Prisma.sql`skill_ids`, top: 20 };
const wanted = (asked: string[] | undefined, name: string): boolean => !asked || asked.includes(name);

export const freelancerFacets: BucketFacet[] = [
  {
    name: "availability",
    ignores: "availability",
    buckets: availabilities.map((value) => ({ value, predicate: Prisma.sql`availability = ${value}::text` })),
  },
  {
    name: "rate",
    ignores: "rate",
    buckets: rateBands.map((band, i) => ({
      value: band.value,
      predicate: Prisma.sql`rate_band = ${i}::int`,
    })),
  },
];

function freelancerItems(match: Match): Prisma.Sql {
  return Prisma.sql`(
    SELECT coalesce(json_agg(json_build_object(
      'userId', f.user_id, 'handle', f.handle, 'headline', f.headline,
      'snippet', ${snippetOf(match, Prisma.sql`f.bio`)},
      'skills', (SELECT coalesce(json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY k.ord), '[]'::json)
                 FROM unnest(f.skill_ids) WITH ORDINALITY AS k(id, ord) JOIN skills s ON s.id = k.id),
      'rate', f.hourly_rate_minor, 'currency', f.currency, 'availability', f.availability,
      'timezone', f.timezone, 'createdAt', f.created_at, 'sortKey', p.sort_key) ORDER BY p.ord), '[]'::json)
    FROM page p JOIN freelancer_profiles f ON f.ctid = p.row_ref)`;
}

export function freelancerSearchSql(
  query: FreelancerSearchQuery,
  match: Match,
  sort: FreelancerSort,
  after: string[] | undefined,
): FacetedQuery {
  return {
    base: freelancerBase(match),
    ...(sort === "relevance" && match.mode !== "all"
      ? {
          rank: {
            join: Prisma.sql`JOIN freelancer_profiles r ON r.ctid = filtered.row_ref`,
            expression: textMatch(match, textColumns("r")).rank,
          },
        }
      : {}),
    materialize: match.mode !== "all",
    filters: freelancerFilters(query),
    dimensions: freelancerDimensions,
    facets: freelancerFacets.filter((facet) => wanted(query.facets, facet.name)),
    ...(wanted(query.facets, "skills") ? { arrayFacet: skillsFacet } : {}),
    plan: freelancerPlans[sort],
    ...(after ? { after } : {}),
    limit: query.limit,
    items: freelancerItems(match),
  };
}
