import { Prisma } from "../database.js";
import type { Mode } from "./keyset.js";

// How a text query selects and ranks rows, per mode:
// - text: websearch_to_tsquery('english', q) against the stored weighted tsvector (quotes for phrases,
//   -word to exclude, "or"), ranked by ts_rank (weights A title > B skills > C text; ts_rank_cd let a
//   skill named by several words outrank the title: its cover density counts each);
// - corrected: the first typo fallback, when full text found nothing: the words of q (stop words, short words
//   and exclusions left out) each replaced by the term of the skill vocabulary it is most like (pg_trgm
//   similarity: "kuberntes" → kubernetes), searched as full text again;
// - similar: the second typo fallback: every word of q must be like a word of the title (pg_trgm `<%`,
//   served by the trigram index), ranked by the mean word similarity;
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

/** The text full text searches for: q itself, or its corrected words. */
function fullTextOf(match: Match): string | undefined {
  if (match.mode === "text") return match.q;
  if (match.mode === "corrected" && match.words?.length) return match.words.join(" ");
  return undefined;
}

export function textMatch(match: Match, columns: TextColumns): TextMatch {
  const { mode, words = [] } = match;
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
  const text = fullTextOf(match);
  if (text !== undefined)
    return {
      predicate: Prisma.sql`${columns.vector} @@ ${tsquery(text)}`,
      rank: Prisma.sql`round(ts_rank(${columns.vector}, ${tsquery(text)})::numeric, 6)`,
    };
  if (mode === "all") return { predicate: Prisma.sql`true`, rank: Prisma.sql`0::numeric` };
  return { predicate: Prisma.sql`false`, rank: Prisma.sql`0::numeric` };
}

/** A short plain-text excerpt: around the matched words in text mode, else the start of the text. */
export function snippetOf(match: Match, body: Prisma.Sql): Prisma.Sql {
  const text = fullTextOf(match);
  if (text !== undefined)
    return Prisma.sql`ts_headline('english', ${body}, ${tsquery(text)},
      'StartSel="", StopSel="", MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "')`;
  return Prisma.sql`left(${body}, 240)`;
}

/** q without its exclusions (-word, -"a phrase"): an excluded word must not be required when similar. */
const withoutExclusions = (q: string): string => q.replace(/(^|\s)-("[^"]*"?|\S*)/g, " ");

/** How alike a typed word and a term of the skill vocabulary must be for the term to replace it. */
export const correctionThreshold = 0.4;

// The words of the skill vocabulary: names, ids ("machine-learning" as two words) and synonyms.
const vocabularyTerms = Prisma.sql`(SELECT lower(name) AS term FROM skills
  UNION SELECT replace(id, '-', ' ') FROM skills UNION SELECT synonym FROM skill_synonyms)`;

/**
 * The output column a text-mode query adds for the fallbacks (JSON): how many words full text searched for
 * (none when q is all stop words), the words a similarity search would look for, as PostgreSQL's parser and
 * the english stemmer's stop list see them (3+ characters), and the same words corrected by the vocabulary
 * (null when none changed).
 */
export function textModeExtras(q: string): Prisma.Sql {
  return Prisma.sql`(
    SELECT json_build_object('lexemes', numnode(${tsquery(q)}), 'words', w.words,
      'corrected', CASE WHEN c.corrected IS DISTINCT FROM w.words THEN c.corrected END)
    FROM (SELECT ARRAY(SELECT DISTINCT lower(t.token) FROM ts_parse('default', ${withoutExclusions(q)}) t
                       WHERE t.tokid IN (1, 2, 3, 6, 9, 10, 11) AND length(t.token) BETWEEN 3 AND 50
                         AND ts_lexize('english_stem', lower(t.token)) <> '{}'
                       ORDER BY 1 LIMIT ${maxSimilarWords}) AS words) w,
    LATERAL (SELECT ARRAY(
      SELECT coalesce((SELECT v.term FROM ${vocabularyTerms} v
                       WHERE similarity(x.word, v.term) >= ${correctionThreshold}::real
                       ORDER BY similarity(x.word, v.term) DESC, v.term LIMIT 1), x.word)
      FROM unnest(w.words) WITH ORDINALITY AS x(word, i) ORDER BY x.i) AS corrected) c
  ) AS fallback`;
}
