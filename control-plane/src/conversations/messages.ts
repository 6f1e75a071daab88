// Messages in order. `seq` is one sequence for every message; within a conversation, posts are serialised
// by a lock on the conversation's row, taken before the insert draws its seq, so seq order is commit order:
// a reader paging forward (?after=) can never see seq 12 committed while 11 is still to come and skip it.
import { Prisma, type PrismaClient } from "../database.js";
import { validationFailed } from "../errors/index.js";
import { messageColumns, messageView, type MessageRow, type MessageView } from "./views.js";

export type MessageQuery = { before?: number; after?: number; limit: number };

/** A page of messages, oldest first; `hasMore`: there are more in the direction asked (older, or newer). */
export type MessagePage = { items: MessageView[]; hasMore: boolean };

// ajv's coercion lets "Infinity" through an integer schema (seen in the fuzz test): checked once more here.
function seqBound(field: string, value: number | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0)
    throw validationFailed([{ field, message: "must be a message's seq (a non-negative integer)" }]);
  return BigInt(value);
}

/**
 * The newest messages (no bound), the ones before `before` (older, for scrolling up) or after `after`
 * (newer, for catching up), `limit` of them, always returned oldest first.
 */
export async function listMessages(
  db: PrismaClient,
  conversationId: string,
  query: MessageQuery,
): Promise<MessagePage> {
  const before = seqBound("before", query.before);
  const after = seqBound("after", query.after);
  if (before !== undefined && after !== undefined)
    throw validationFailed([{ field: "after", message: "cannot be combined with before" }]);
  const take = query.limit + 1;
  const rows =
    after === undefined
      ? await db.$queryRaw<MessageRow[]>(Prisma.sql`
          SELECT ${messageColumns} FROM messages
          WHERE conversation_id = ${conversationId}::uuid
            ${before === undefined ? Prisma.empty : Prisma.sql`AND seq < ${before}`}
          ORDER BY seq DESC LIMIT ${take}`)
      : await db.$queryRaw<MessageRow[]>(Prisma.sql`
          SELECT ${messageColumns} FROM messages
          WHERE conversation_id = ${conversationId}::uuid AND seq > ${after}
          ORDER BY seq ASC LIMIT ${take}`);
  const page = rows.slice(0, query.limit);
  if (after === undefined) page.reverse();
  return { items: page.map(messageView), hasMore: rows.length > query.limit };
}

/** A body of only spaces says nothing: the schema allows it (length 1 and up), this rule does not. */
export function checkBody(body: string): void {
  if (body.trim() === "") throw validationFailed([{ field: "body", message: "must not be blank" }]);
}

/** Stores a participant's message; the caller checked that the author is a participant. */
export async function postMessage(
  db: PrismaClient,
  conversationId: string,
  authorId: string,
  body: string,
): Promise<MessageView> {
  checkBody(body);
  const row = await db.$transaction(async (tx) => {
    await tx.$executeRaw(Prisma.sql`
      SELECT 1 FROM conversations WHERE id = ${conversationId}::uuid FOR NO KEY UPDATE`);
    const [made] = await tx.$queryRaw<MessageRow[]>(Prisma.sql`
      INSERT INTO messages (conversation_id, author_id, body)
      VALUES (${conversationId}::uuid, ${authorId}::uuid, ${body})
      RETURNING ${messageColumns}`);
    return made;
  });
  if (!row) throw new Error("The message insert returned no row");
  return messageView(row);
}
