import { validationFailed } from "../errors/index.js";
import { decodeCursor, type CursorKey } from "./cursor.js";

// Newest first, a page at a time: the keyset is (created_at, id), both descending.

type Created = { createdAt: Date; id: string };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const newestFirstOrder: [{ createdAt: "desc" }, { id: "desc" }] = [
  { createdAt: "desc" },
  { id: "desc" },
];

/** The sort key a row's cursor holds. */
export const newestFirstKey = (row: Created): CursorKey => [row.createdAt.toISOString(), row.id];

/** A Prisma `where` part for the rows after `cursor` (none without one); a cursor we never made is a 422. */
export function newestFirstAfter(
  cursor: string | undefined,
): { OR: ({ createdAt: { lt: Date } } | { createdAt: Date; id: { lt: string } })[] } | object {
  if (!cursor) return {};
  const [at, id] = decodeCursor(cursor, 2);
  const createdAt = new Date(typeof at === "string" ? at : Number.NaN);
  // A date past year 9999 is a valid JS date that the database driver cannot send (a 500, found by fuzzing).
  const year = createdAt.getUTCFullYear();
  if (!(year >= 1 && year <= 9999) || typeof id !== "string" || !uuidPattern.test(id))
    throw validationFailed([{ field: "cursor", message: "is not a cursor this API returned" }]);
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}
