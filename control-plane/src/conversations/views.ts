// What callers see of conversations and messages. Sequence numbers are bigints in the database and plain
// integers on the wire (a bigserial will not pass 2^53 in this product's life).
import { Prisma, type PrismaClient } from "../database.js";

export type MessageRow = {
  id: string;
  seq: bigint;
  conversation_id: string;
  author_id: string;
  body: string;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
};

export type MessageView = {
  id: string;
  conversationId: string;
  seq: number;
  authorId: string;
  body: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
};

export type ParticipantView = { userId: string; lastReadSeq: number; lastReadAt: string | null };

export type ConversationView = {
  id: string;
  subject: { contractId: string } | { proposalId: string };
  participants: ParticipantView[];
  unreadCount: number;
  lastMessage: MessageView | null;
  createdAt: string;
  activityAt: string;
};

export const messageColumns = Prisma.sql`id::text, seq, conversation_id::text, author_id::text, body,
  created_at, edited_at, deleted_at`;

const iso = (at: Date | null): string | null => (at === null ? null : at.toISOString());

/** A deleted message keeps its place in the conversation and shows nothing of what it said. */
export const messageView = (row: MessageRow): MessageView => ({
  id: row.id,
  conversationId: row.conversation_id,
  seq: Number(row.seq),
  authorId: row.author_id,
  body: row.deleted_at === null ? row.body : "",
  createdAt: row.created_at.toISOString(),
  editedAt: iso(row.edited_at),
  deletedAt: iso(row.deleted_at),
});

type ParticipantRow = {
  conversation_id: string;
  user_id: string;
  last_read_seq: bigint;
  last_read_at: Date | null;
};

type ViewRow = {
  id: string;
  contract_id: string | null;
  proposal_id: string | null;
  created_at: Date;
  unread: bigint;
  last: MessageRow | null;
};

async function participantsOf(db: PrismaClient, ids: string[]): Promise<Map<string, ParticipantView[]>> {
  const rows = await db.$queryRaw<ParticipantRow[]>(Prisma.sql`
    SELECT conversation_id::text, user_id::text, last_read_seq, last_read_at
    FROM conversation_participants WHERE conversation_id = ANY(${ids}::uuid[])
    ORDER BY conversation_id, user_id`);
  const byConversation = new Map<string, ParticipantView[]>();
  for (const row of rows) {
    const list = byConversation.get(row.conversation_id) ?? [];
    list.push({
      userId: row.user_id,
      lastReadSeq: Number(row.last_read_seq),
      lastReadAt: iso(row.last_read_at),
    });
    byConversation.set(row.conversation_id, list);
  }
  return byConversation;
}

function conversationViewOf(row: ViewRow, participants: ParticipantView[]): ConversationView {
  const last = row.last && messageView(row.last);
  return {
    id: row.id,
    subject:
      row.contract_id === null ? { proposalId: row.proposal_id ?? "" } : { contractId: row.contract_id },
    participants,
    unreadCount: Number(row.unread),
    lastMessage: last,
    createdAt: row.created_at.toISOString(),
    activityAt: last?.createdAt ?? row.created_at.toISOString(),
  };
}

/**
 * The views of these conversations for `callerId`, in the order given. Unread: messages of others, not
 * deleted, after the caller's read marker (none for a caller who is not a participant: an admin reader).
 */
export async function conversationViews(
  db: PrismaClient,
  callerId: string,
  ids: string[],
): Promise<ConversationView[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<ViewRow[]>(Prisma.sql`
    SELECT c.id::text, c.contract_id, c.proposal_id::text, c.created_at,
      (SELECT count(*) FROM messages u
       WHERE u.conversation_id = c.id AND u.seq > me.last_read_seq
         AND u.author_id <> ${callerId}::uuid AND u.deleted_at IS NULL) AS unread,
      (SELECT row_to_json(l) FROM (
         SELECT ${messageColumns} FROM messages m WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 1
       ) l) AS last
    FROM conversations c
    LEFT JOIN conversation_participants me ON me.conversation_id = c.id AND me.user_id = ${callerId}::uuid
    WHERE c.id = ANY(${ids}::uuid[])`);
  const participants = await participantsOf(db, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [conversationViewOf(reviveLast(row), participants.get(id) ?? [])] : [];
  });
}

// row_to_json hands back the last message as JSON: seq a number, times strings.
function reviveLast(row: ViewRow): ViewRow {
  const last = row.last as unknown as Record<string, unknown> | null;
  if (last === null) return row;
  const at = (value: unknown): Date | null => (typeof value === "string" ? new Date(value) : null);
  return {
    ...row,
    last: {
      ...(last as unknown as MessageRow),
      seq: BigInt(last.seq as number),
      created_at: at(last.created_at) ?? new Date(0),
      edited_at: at(last.edited_at),
      deleted_at: at(last.deleted_at),
    },
  };
}
