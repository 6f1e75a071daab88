import { Prisma } from "../database.js";
import { afterPredicate, keyTextsOf, orderByOf, type SortPlan } from "./keyset.js";

// One SQL statement per search: the page after the cursor, the exact total and every facet's counts.
// A facet counts the rows that pass every filter except its own, so choosing a second category adds to the
// results instead of emptying the facet (multi-select), as marketplaces do.
//
// Cost model. `base` is the matching rows. With a text query it is usually a few thousand rows, read once
// through the GIN index, so it is materialized and read three times; only the rows that pass every filter
// are ranked (ranking is the dearest part, per row). Without one it is every open
// job: it is inlined instead, so the page is an index scan in sort order that stops after `limit` rows.
// Counting is one pass that groups the rows into a small cube: one cell per combination of the facets'
// dimensions (category, billing, budget band, posted bucket, client history…) and of the filters no
// dimension expresses (skills, an arbitrary budget range), each with its row count. Every facet value and the
// total are then sums over those few hundred cells. The skills facet, over an array, is a second pass.

/**
 * A filter: `row` over base's columns (the page, the skills facet); `cube` over the cube's dimensions. Without
 * `cube`, the row predicate becomes a dimension of its own.
 */
export type Filter = { name: string; row: Prisma.Sql; cube?: Prisma.Sql };

/** A facet whose values are predicates over the cube's dimensions; `ignores` names its own filter. */
export type BucketFacet = {
  name: string;
  ignores: string;
  buckets: { value: string; predicate: Prisma.Sql }[];
};

/** A facet over the elements of an array column (skill ids), the `top` most frequent, with skill names. */
export type ArrayFacet = { name: string; ignores: string; column: Prisma.Sql; top: number };

export type FacetedQuery = {
  base: Prisma.Sql;
  materialize: boolean;
  /**
   * How the page ranks its rows (relevance sort): a join of `filtered` back to the table (by row_ref, the
   * ctid: no index lookup) and the rank over it. Only rows that pass every filter are ranked; without it the
   * rank is 0.
   */
  rank?: { join: Prisma.Sql; expression: Prisma.Sql };
  filters: Filter[];
  /** The cube's dimensions: "expression AS name" over base's columns. */
  dimensions: Prisma.Sql[];
  facets: BucketFacet[];
  arrayFacet?: ArrayFacet;
  plan: SortPlan;
  after?: string[];
  limit: number;
  /** A scalar subquery giving the page's items as a JSON array, from `page` (base's columns, ord). */
  items: Prisma.Sql;
  /** More output columns ("expression AS name"). */
  extras?: Prisma.Sql;
};

export type FacetCounts = Record<string, { value: string; count: number; label?: string }[]>;

export type FacetedRow = {
  total: number;
  items: unknown[] | null;
  facets: FacetCounts;
  top: FacetCounts[string] | null;
};

const allOf = (predicates: Prisma.Sql[]): Prisma.Sql =>
  predicates.length === 0
    ? Prisma.sql`true`
    : Prisma.join(
        predicates.map((predicate) => Prisma.sql`(${predicate})`),
        " AND ",
      );

const flag = (i: number): Prisma.Sql => Prisma.raw(`f_${i}`);

/** Each filter's predicate over the cube: its own, or the flag dimension standing for it. */
const cubeFilters = (filters: Filter[]): Prisma.Sql[] => filters.map((filter, i) => filter.cube ?? flag(i));

function cubeSql(query: FacetedQuery): Prisma.Sql {
  const flags = query.filters.flatMap((filter, i) =>
    filter.cube ? [] : [Prisma.sql`(${filter.row}) AS ${flag(i)}`],
  );
  const dimensions = [...query.dimensions, ...flags];
  const groups = Prisma.raw(dimensions.map((_, i) => String(i + 1)).join(", ") || "()");
  return Prisma.sql`SELECT ${Prisma.join([...dimensions, Prisma.sql`count(*) AS n`], ", ")}
    FROM base GROUP BY ${groups}`;
}

function countsSql(query: FacetedQuery): Prisma.Sql {
  const cube = cubeFilters(query.filters);
  const except = (ignored: string): Prisma.Sql =>
    allOf(cube.filter((_, i) => query.filters[i]?.name !== ignored));
  const sum = (where: Prisma.Sql): Prisma.Sql => Prisma.sql`coalesce(sum(n) FILTER (WHERE ${where}), 0)::int`;
  const facets = query.facets.map((facet) => {
    const others = except(facet.ignores);
    const counts = facet.buckets.map(
      (bucket) =>
        Prisma.sql`json_build_object('value', ${bucket.value}::text, 'count', ${sum(Prisma.sql`${others} AND (${bucket.predicate})`)})`,
    );
    return Prisma.sql`${facet.name}::text, json_build_array(${Prisma.join(counts, ", ")})`;
  });
  // Only the skills facet asked for (it is counted apart): no bucket facets to build.
  const built =
    facets.length > 0 ? Prisma.sql`json_build_object(${Prisma.join(facets, ", ")})` : Prisma.sql`'{}'::json`;
  return Prisma.sql`SELECT ${sum(allOf(cube))} AS total, ${built} AS facets
    FROM cube`;
}

function arrayCounts(query: FacetedQuery): Prisma.Sql {
  const facet = query.arrayFacet;
  if (!facet) return Prisma.sql`NULL::json`;
  const others = allOf(query.filters.filter((filter) => filter.name !== facet.ignores).map((f) => f.row));
  return Prisma.sql`(
    SELECT coalesce(json_agg(json_build_object('value', x.v, 'count', x.n, 'label', coalesce(s.name, x.v))
      ORDER BY x.n DESC, x.v), '[]'::json)
    FROM (SELECT v, count(*)::int AS n FROM base, unnest(${facet.column}) AS v WHERE ${others}
          GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${facet.top}) x
    LEFT JOIN skills s ON s.id = x.v)`;
}

export function facetedSql(query: FacetedQuery): Prisma.Sql {
  const after = query.after ? [afterPredicate(query.plan, query.after)] : [];
  const order = orderByOf(query.plan);
  const materialized = query.materialize ? Prisma.sql`MATERIALIZED` : Prisma.sql`NOT MATERIALIZED`;
  return Prisma.sql`
    WITH base AS ${materialized} (${query.base}),
    page AS (
      SELECT ranked.*, ${keyTextsOf(query.plan)} AS sort_key, row_number() OVER (ORDER BY ${order}) AS ord
      FROM (SELECT filtered.*, ${query.rank?.expression ?? Prisma.sql`0::numeric`} AS rank
            FROM (SELECT * FROM base WHERE ${allOf(query.filters.map((filter) => filter.row))}) filtered
            ${query.rank?.join ?? Prisma.empty}) ranked
      WHERE ${allOf(after)}
      ORDER BY ${order} LIMIT ${query.limit + 1}
    ),
    cube AS (${cubeSql(query)}),
    counts AS (${countsSql(query)})
    SELECT counts.total, counts.facets, ${arrayCounts(query)} AS top, ${query.items} AS items
      ${query.extras ? Prisma.sql`, ${query.extras}` : Prisma.empty}
    FROM counts`;
}

/** How many rows pass every filter, and how many of those also pass `fresh` (plus `extras` columns). */
export function countSql(
  base: Prisma.Sql,
  filters: Filter[],
  fresh: Prisma.Sql,
  extras?: Prisma.Sql,
): Prisma.Sql {
  return Prisma.sql`
    WITH base AS NOT MATERIALIZED (${base})
    SELECT count(*)::int AS total, (count(*) FILTER (WHERE ${fresh}))::int AS fresh
      ${extras ? Prisma.sql`, ${extras}` : Prisma.empty}
    FROM base WHERE ${allOf(filters.map((filter) => filter.row))}`;
}
