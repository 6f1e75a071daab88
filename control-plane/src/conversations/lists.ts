// The caller's conversations, newest activity first (the last message, or the conversation's making when it
// has none), paged by the keyset (activity time, id).
import { Prisma, type PrismaClient } from "../database.js";
import { decodeCursor, encodeCursor, type Page } from "../pagination/index.js";
import { validationFailed } from "../errors/index.js";
import { conversationViews, type ConversationView } from "./views.js";

const maxTime = Date.UTC(10_000, 0, 1);

type ActivityRow = { id: string; activity_at: Date };

function afterCursor(cursor: string | undefined): Prisma.Sql {
  if (cursor === undefined) return Prisma.empty;
  const [at, id] = decodeCursor(cursor, 2);
  const when = new Date(String(at));
  // Only times this API could have written: JavaScript dates reach years PostgreSQL refuses (a 500).
  if (typeof at !== "string" || typeof id !== "string" || !(when.getTime() >= 0 && when.getTime() < maxTime))
    throw validationFailed([{ field: "cursor", message: "is not a cursor this API returned" }]);
  return Prisma.sql`WHERE (activity_at, id) < (${when}::timestamptz, ${id})`;
}

export async function myConversations(
  db: PrismaClient,
  callerId: string,
  query: { cursor?: string; limit: number },
): Promise<Page<ConversationView>> {
  const rows = await db.$queryRaw<ActivityRow[]>(Prisma.sql`
    SELECT id, activity_at FROM (
      SELECT c.id::text AS id, coalesce(
        (SELECT m.created_at FROM messages m WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 1),
        c.created_at) AS activity_at
      FROM conversation_participants p JOIN conversations c ON c.id = p.conversation_id
      WHERE p.user_id = ${callerId}::uuid
    ) mine ${afterCursor(query.cursor)}
    ORDER BY activity_at DESC, id DESC LIMIT ${query.limit + 1}`);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const items = await conversationViews(
    db,
    callerId,
    page.map((row) => row.id),
  );
  return {
    items,
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.activity_at.toISOString(), last.id]) : null,
  };
}
