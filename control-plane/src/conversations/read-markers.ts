// Read markers: how far each participant has read, as the seq of a message of the conversation. A marker
// only moves forward; a request for an earlier seq (an old tab catching up late) leaves it where it is.
import { Prisma, type PrismaClient } from "../database.js";
import { validationFailed } from "../errors/index.js";

export type ReadMarker = {
  conversationId: string;
  userId: string;
  lastReadSeq: number;
  lastReadAt: string | null;
  unreadCount: number;
};

type MarkerRow = { last_read_seq: bigint; last_read_at: Date | null; unread: bigint; moved: boolean };

/** Moves the participant's marker to `seq` when that is forward; `moved` says whether it did. */
export async function markRead(
  db: PrismaClient,
  conversationId: string,
  userId: string,
  seq: number,
): Promise<{ marker: ReadMarker; moved: boolean }> {
  if (!Number.isSafeInteger(seq) || seq < 1)
    throw validationFailed([{ field: "seq", message: "must be a message's seq" }]);
  const [known] = await db.$queryRaw<{ found: boolean }[]>(Prisma.sql`
    SELECT EXISTS (SELECT 1 FROM messages
                   WHERE conversation_id = ${conversationId}::uuid AND seq = ${BigInt(seq)}) AS found`);
  if (!known?.found)
    throw validationFailed([{ field: "seq", message: "is not the seq of a message of this conversation" }]);
  // The guarded UPDATE is the whole rule: two requests at once cannot move a marker backwards.
  const [row] = await db.$queryRaw<MarkerRow[]>(Prisma.sql`
    WITH moved AS (
      UPDATE conversation_participants SET last_read_seq = ${BigInt(seq)}, last_read_at = now()
      WHERE conversation_id = ${conversationId}::uuid AND user_id = ${userId}::uuid
        AND last_read_seq < ${BigInt(seq)}
      RETURNING last_read_seq, last_read_at)
    SELECT coalesce(m.last_read_seq, p.last_read_seq) AS last_read_seq,
      coalesce(m.last_read_at, p.last_read_at) AS last_read_at,
      (m.last_read_seq IS NOT NULL) AS moved,
      (SELECT count(*) FROM messages u
       WHERE u.conversation_id = p.conversation_id AND u.seq > coalesce(m.last_read_seq, p.last_read_seq)
         AND u.author_id <> p.user_id AND u.deleted_at IS NULL) AS unread
    FROM conversation_participants p LEFT JOIN moved m ON true
    WHERE p.conversation_id = ${conversationId}::uuid AND p.user_id = ${userId}::uuid`);
  if (!row) throw new Error("The caller's participant row is gone");
  return {
    marker: {
      conversationId,
      userId,
      lastReadSeq: Number(row.last_read_seq),
      lastReadAt: row.last_read_at === null ? null : row.last_read_at.toISOString(),
      unreadCount: Number(row.unread),
    },
    moved: row.moved,
  };
}
