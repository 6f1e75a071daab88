// The cursors of the contract lists: the sort key of the last item a page returned. Anything else, a time
// outside what PostgreSQL and JavaScript both read the same way included, is the 422 naming `cursor`.
import { validationFailed } from "../errors/index.js";
import { decodeCursor } from "../pagination/index.js";

const notOurs = (): Error =>
  validationFailed([{ field: "cursor", message: "is not a cursor this API returned" }]);

function timeOf(at: unknown): string {
  const time = typeof at === "string" ? Date.parse(at) : Number.NaN;
  const year = new Date(time).getUTCFullYear();
  if (Number.isNaN(time) || year < 1970 || year > 9999) throw notOurs();
  return new Date(time).toISOString();
}

const textOf = (value: unknown): string => {
  if (typeof value !== "string" || value.length > 200) throw notOurs();
  return value;
};

/** A newest-first contract list's cursor: (created_at, id). */
export function contractCursor(cursor: string | undefined): [string | null, string | null] {
  if (cursor === undefined) return [null, null];
  const [at, id] = decodeCursor(cursor, 2);
  return [timeOf(at), textOf(id)];
}

/** A timeline's cursor: (at, source, id). */
export function timelineCursor(cursor: string | undefined): [string | null, string | null, string | null] {
  if (cursor === undefined) return [null, null, null];
  const [at, source, id] = decodeCursor(cursor, 3);
  return [timeOf(at), textOf(source), textOf(id)];
}
