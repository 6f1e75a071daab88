import { Prisma, type PrismaClient } from "../database.js";
import type { Mode } from "./keyset.js";

// How a text query selects and ranks rows, per mode:
// - text: websearch_to_tsquery('english', q) against the stored weighted tsvector (quotes for phrases,
//   -word to exclude, "or"), ranked by ts_rank_cd (cover density; weights A title > B skills > C text);
// - similar: the typo fallback when full text found nothing: every word of q (stop words, short words and
//   exclusions left out) must be like a word of the title (pg_trgm `<%`, served by the trigram index),
//   ranked by the mean word similarity;
// - all: no text query, every row matches with rank 0.
// Ranks are rounded to 6 decimals as numeric: the keyset compares them exactly (see keyset.ts).

export type Match = { mode: Mode; q?: string; words?: string[] };
export type TextColumns = { vector: Prisma.Sql; title: Prisma.Sql };
export type TextMatch = { predicate: Prisma.Sql; rank: Prisma.Sql };

/**
 * How alike a typed word and a title word must be (pg_trgm word similarity). The extension's default, 0.6,
 * misses common typos: a swapped pair of letters ("kubrenetes", "dashbaord") scores about 0.47-0.5.
 */
export const similarityThreshold = 0.45;

/** Words of a similarity fallback: at most this many. */
export const maxSimilarWords = 8;

export const tsquery = (q: string): Prisma.Sql => Prisma.sql`websearch_to_tsquery('english', ${q})`;

export function textMatch(match: Match, columns: TextColumns): TextMatch {
  const { mode, q, words = [] } = match;
  if (mode === "similar" && words.length > 0)
    return {
      predicate: Prisma.join(
        words.map((word) => Prisma.sql`${word} <% ${columns.title}`),
        " AND ",
      ),
      rank: Prisma.sql`round(((${Prisma.join(
        words.map((word) => Prisma.sql`word_similarity(${word}, ${columns.title})`),
        " + ",
      )}) / ${words.length})::numeric, 6)`,
    };
  if (mode === "text" && q !== undefined)
    return {
      predicate: Prisma.sql`${columns.vector} @@ ${tsquery(q)}`,
      rank: Prisma.sql`round(ts_rank_cd(${columns.vector}, ${tsquery(q)})::numeric, 6)`,
    };
  if (mode === "all") return { predicate: Prisma.sql`true`, rank: Prisma.sql`0::numeric` };
  return { predicate: Prisma.sql`false`, rank: Prisma.sql`0::numeric` };
}

/** A short plain-text excerpt: around the matched words in text mode, else the start of the text. */
export function snippetOf(match: Match, body: Prisma.Sql): Prisma.Sql {
  if (match.mode === "text" && match.q !== undefined)
    return Prisma.sql`ts_headline('english', ${body}, ${tsquery(match.q)},
      'StartSel="", StopSel="", MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "')`;
  return Prisma.sql`left(${body}, 240)`;
}

/** q without its exclusions (-word, -"a phrase"): an excluded word must not be required when similar. */
const withoutExclusions = (q: string): string => q.replace(/(^|\s)-("[^"]*"?|\S*)/g, " ");

/**
 * Output columns a text-mode query adds, for the fallback: how many words full text searched for (none when
 * q is all stop words) and the words a similarity search would look for, as PostgreSQL's parser and the
 * english stemmer's stop list see them (words, hyphenated parts, names like node.js; 3+ characters).
 */
export function textModeExtras(q: string): Prisma.Sql {
  return Prisma.sql`numnode(${tsquery(q)}) AS lexemes,
    ARRAY(SELECT DISTINCT lower(t.token) FROM ts_parse('default', ${withoutExclusions(q)}) t
          WHERE t.tokid IN (1, 2, 3, 6, 9, 10, 11) AND length(t.token) BETWEEN 3 AND 50
            AND ts_lexize('english_stem', lower(t.token)) <> '{}'
          ORDER BY 1 LIMIT ${maxSimilarWords}) AS words`;
}

/** Runs a similarity-mode query with the threshold above (transaction-local: the pool is shared). */
export async function withSimilarityThreshold<T>(db: PrismaClient, query: Prisma.Sql): Promise<T[]> {
  const [, rows] = await db.$transaction([
    db.$queryRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(similarityThreshold)}, true)`,
    db.$queryRaw<T[]>(query),
  ]);
  return rows;
}
