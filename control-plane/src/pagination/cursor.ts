import { validationFailed } from "../errors/index.js";

/**
 * Keyset pagination: a cursor is the sort key of the last row a page returned, opaque to clients
 * (base64url JSON). The next page asks for rows strictly after it, so inserts never make a page skip or
 * repeat a row.
 */
export type CursorKey = (string | number | null)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/** The key a cursor holds, or a 400 naming the `cursor` field when it is not one we made. */
export function decodeCursor(cursor: string, length: number): CursorKey {
  const fail = (): never => {
    throw validationFailed([{ field: "cursor", message: "is not a cursor this API returned" }]);
  };
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return fail();
  }
  const scalar = (v: unknown): boolean => v === null || ["string", "number"].includes(typeof v);
  if (!Array.isArray(key) || key.length !== length || !key.every(scalar)) return fail();
  return key as CursorKey;
}

/** A page: its items and the cursor of the next one (null on the last page). */
export type Page<T> = { items: T[]; nextCursor: string | null };

/** Cuts a `limit + 1` query result into a page; the extra row only says that there is a next page. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
