import { Prisma } from "../database.js";
import { validationFailed } from "../errors/index.js";
import { decodeCursor, encodeCursor } from "../pagination/index.js";

// Keyset pagination for search. Every sort is a list of keys, the last one the id, so the order is total and a
// cursor (the keys of the last row shown) says exactly where the next page starts: rows inserted meanwhile
// fall before or after it, never shift it. Ranks are floats; they are rounded to 6 decimals as numeric in
// SQL, and the cursor carries that numeric as text, so the comparison is exact (no float round trip in JS).

export type KeyType = "numeric" | "timestamptz" | "uuid" | "bigint";
export type SortKey = { expression: Prisma.Sql; type: KeyType; ascending?: boolean };
export type SortPlan = { name: string; keys: SortKey[] };

/** The mode a result set was matched in; kept in the cursor so later pages come from the same set. */
export type Mode = "text" | "corrected" | "similar" | "all";
const modes: readonly Mode[] = ["text", "corrected", "similar", "all"];

/** How a page's rows were matched: the mode, and in corrected and similar mode the words looked for. */
export type CursorMatch = { mode: Mode; words: string[] };

const valid: Record<KeyType, (value: string) => boolean> = {
  numeric: (value) => /^-?\d{1,20}(\.\d{1,12})?$/.test(value),
  timestamptz: (value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)),
  uuid: (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value),
  bigint: (value) => /^-?\d{1,16}$/.test(value),
};

const badCursor = (): never => {
  throw validationFailed([{ field: "cursor", message: "is not a cursor this API returned for this sort" }]);
};

const wordsPattern = /^[\p{L}\p{N}._-]{3,50}( [\p{L}\p{N}._-]{3,50}){0,7}$/u;

/** The sort and match a cursor was made for, read before its keys can be checked against the sort's plan. */
export function cursorHeader(cursor: string): { sort: string } & CursorMatch {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return badCursor();
  }
  const [sort, mode, words] = Array.isArray(decoded) ? (decoded as unknown[]) : [];
  if (typeof sort !== "string" || !modes.includes(mode as Mode) || typeof words !== "string")
    return badCursor();
  if (words !== "" && !wordsPattern.test(words)) return badCursor();
  return { sort, mode: mode as Mode, words: words === "" ? [] : words.split(" ") };
}

/** The keys of the row a page ended at; a cursor of another sort, or one we did not make, is a 400. */
export function afterCursor(cursor: string, plan: SortPlan): string[] {
  const [sort, , , ...values] = decodeCursor(cursor, plan.keys.length + 3);
  if (sort !== plan.name) return badCursor();
  return plan.keys.map((key, i) => {
    const value = values[i];
    return typeof value === "string" && valid[key.type](value) ? value : badCursor();
  });
}

export function cursorOf(plan: SortPlan, match: CursorMatch, values: string[]): string {
  return encodeCursor([plan.name, match.mode, match.words.join(" "), ...values]);
}

export function orderByOf(plan: SortPlan): Prisma.Sql {
  return Prisma.join(
    plan.keys.map((key) =>
      key.ascending ? Prisma.sql`${key.expression} ASC` : Prisma.sql`${key.expression} DESC`,
    ),
    ", ",
  );
}

/** The sort keys of a row as text (timestamps in ISO 8601), for the next cursor. */
export function keyTextsOf(plan: SortPlan): Prisma.Sql {
  return Prisma.sql`ARRAY[${Prisma.join(
    plan.keys.map((key) => Prisma.sql`to_json(${key.expression}) #>> '{}'`),
    ", ",
  )}]`;
}

function typed(value: string, type: KeyType): Prisma.Sql {
  switch (type) {
    case "numeric":
      return Prisma.sql`${value}::numeric`;
    case "timestamptz":
      return Prisma.sql`${new Date(value).toISOString()}::timestamptz`;
    case "uuid":
      return Prisma.sql`${value}::uuid`;
    case "bigint":
      return Prisma.sql`${value}::bigint`;
  }
}

/**
 * Rows strictly after the cursor's row in the plan's order: one row comparison when every key descends (an
 * index on the keys serves it), else key by key (k1 > v1 OR (k1 = v1 AND (k2, k3) < (v2, v3))).
 */
export function afterPredicate(plan: SortPlan, values: string[]): Prisma.Sql {
  const bounds = plan.keys.map((key, i) => typed(values[i] ?? "", key.type));
  const [first, ...rest] = plan.keys;
  if (!first) return Prisma.sql`false`;
  if (!first.ascending && rest.every((key) => !key.ascending)) {
    const columns = Prisma.join(
      plan.keys.map((key) => key.expression),
      ", ",
    );
    return Prisma.sql`(${columns}) < (${Prisma.join(bounds, ", ")})`;
  }
  const bound = bounds[0] as Prisma.Sql;
  const beyond = first.ascending
    ? Prisma.sql`${first.expression} > ${bound}`
    : Prisma.sql`${first.expression} < ${bound}`;
  if (rest.length === 0) return beyond;
  const tail = afterPredicate({ name: plan.name, keys: rest }, values.slice(1));
  return Prisma.sql`(${beyond} OR (${first.expression} = ${bound} AND ${tail}))`;
}
