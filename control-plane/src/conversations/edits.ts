// Editing and deleting a message: its author only, within the edit window (MESSAGE_EDIT_WINDOW_SECONDS from
// when it was sent, by the database's clock). The body it had goes to message_edits first: edits are kept.
// A deleted message keeps its row and seq with an empty body and deleted_at set.
import { Prisma, type PrismaClient } from "../database.js";
import { authorOnly, editWindowClosed, messageDeleted, messageNotFound } from "./errors.js";
import { checkBody } from "./messages.js";
import { messageColumns, messageView, type MessageRow, type MessageView } from "./views.js";

export type MessageChange = {
  conversationId: string;
  messageId: string;
  callerId: string;
  windowSeconds: number;
};

type LockedRow = MessageRow & { open: boolean };

type Tx = Prisma.TransactionClient;

async function lockedMessage(tx: Tx, change: MessageChange): Promise<LockedRow> {
  const [row] = await tx.$queryRaw<LockedRow[]>(Prisma.sql`
    SELECT ${messageColumns},
      created_at > now() - make_interval(secs => ${change.windowSeconds}) AS open
    FROM messages WHERE id = ${change.messageId}::uuid AND conversation_id = ${change.conversationId}::uuid
    FOR UPDATE`);
  if (!row) throw messageNotFound();
  if (row.author_id !== change.callerId) throw authorOnly();
  return row;
}

async function keepBody(tx: Tx, row: MessageRow): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO message_edits (message_id, body) VALUES (${row.id}::uuid, ${row.body})`);
}

export async function editMessage(
  db: PrismaClient,
  change: MessageChange,
  body: string,
): Promise<MessageView> {
  checkBody(body);
  const row = await db.$transaction(async (tx) => {
    const current = await lockedMessage(tx, change);
    if (current.deleted_at !== null) throw messageDeleted();
    if (!current.open) throw editWindowClosed(change.windowSeconds);
    await keepBody(tx, current);
    const [edited] = await tx.$queryRaw<MessageRow[]>(Prisma.sql`
      UPDATE messages SET body = ${body}, edited_at = now() WHERE id = ${current.id}::uuid
      RETURNING ${messageColumns}`);
    return edited;
  });
  if (!row) throw messageNotFound();
  return messageView(row);
}

/** Deletes a message; deleting it again answers what the first deletion left (a retry changes nothing). */
export async function deleteMessage(
  db: PrismaClient,
  change: MessageChange,
): Promise<{ message: MessageView; changed: boolean }> {
  const result = await db.$transaction(async (tx) => {
    const current = await lockedMessage(tx, change);
    if (current.deleted_at !== null) return { row: current, changed: false };
    if (!current.open) throw editWindowClosed(change.windowSeconds);
    await keepBody(tx, current);
    const [deleted] = await tx.$queryRaw<MessageRow[]>(Prisma.sql`
      UPDATE messages SET body = '', deleted_at = now() WHERE id = ${current.id}::uuid
      RETURNING ${messageColumns}`);
    return { row: deleted ?? current, changed: true };
  });
  return { message: messageView(result.row), changed: result.changed };
}
