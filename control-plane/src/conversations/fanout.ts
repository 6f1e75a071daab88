// What follows a change in a conversation: a live event to its participants (every replica delivers it to
// their sockets) and, for a new message, a "message while away" notice to each recipient with no live
// socket, at most one per conversation and recipient in ten minutes. Both happen after the change has
// committed; a failure is logged, never turned into a failed request.
import { isUserLive, type LiveEvent } from "@skillpod/live-events";
import type { FastifyInstance } from "fastify";
import { Prisma } from "../database.js";
import type { MessageView } from "./views.js";
import type { ReadMarker } from "./read-markers.js";

export type ConversationEffects = Pick<
  FastifyInstance,
  "prisma" | "redis" | "publishLive" | "notify" | "log"
>;

/** One away notice per conversation and recipient in this window. */
export const AWAY_NOTICE_WINDOW_MS = 10 * 60 * 1000;
const awayGateKey = (conversationId: string, userId: string): string =>
  `skillpod:conversations:away-notice:${conversationId}:${userId}`;

export async function participantIds(app: ConversationEffects, conversationId: string): Promise<string[]> {
  const rows = await app.prisma.$queryRaw<{ user_id: string }[]>(Prisma.sql`
    SELECT user_id::text FROM conversation_participants WHERE conversation_id = ${conversationId}::uuid`);
  return rows.map((row) => row.user_id);
}

const snippet = (body: string): string => (body.length > 140 ? `${body.slice(0, 139)}…` : body);

async function authorName(app: ConversationEffects, authorId: string): Promise<string> {
  const rows = await app.prisma.$queryRaw<{ display_name: string }[]>(Prisma.sql`
    SELECT display_name FROM users WHERE id = ${authorId}::uuid`);
  return rows[0]?.display_name ?? "Someone";
}

/**
 * The gate (SET NX with a ten-minute expiry) makes the window exact across replicas; the dedupe key's time
 * bucket makes a retried enqueue of the same notice collapse in the queue.
 */
async function noticeAway(
  app: ConversationEffects,
  recipientId: string,
  message: MessageView,
): Promise<void> {
  if (await isUserLive(app.redis, recipientId)) return;
  const gate = awayGateKey(message.conversationId, recipientId);
  const opened = await app.redis.set(gate, message.id, "PX", AWAY_NOTICE_WINDOW_MS, "NX");
  if (opened !== "OK") return;
  const bucket = Math.floor(Date.now() / AWAY_NOTICE_WINDOW_MS);
  try {
    await app.notify({
      dedupeKey: `message.received:${message.conversationId}:${bucket}`,
      userIds: [recipientId],
      kind: "message.received",
      title: `${await authorName(app, message.authorId)} sent you a message`,
      body: snippet(message.body),
    });
  } catch (error) {
    await app.redis.del(gate);
    throw error;
  }
}

async function settle(app: ConversationEffects, what: string, work: Promise<unknown>[]): Promise<void> {
  for (const result of await Promise.allSettled(work))
    if (result.status === "rejected") app.log.warn({ err: result.reason }, `Failed to ${what}`);
}

/** A new message: live to every participant, a notice to each recipient who is away. */
export async function messageCreated(app: ConversationEffects, message: MessageView): Promise<void> {
  const participants = await participantIds(app, message.conversationId);
  const event: LiveEvent = {
    type: "message.created",
    data: { conversationId: message.conversationId, message },
  };
  const recipients = participants.filter((id) => id !== message.authorId);
  await settle(app, `announce message ${message.id}`, [
    app.publishLive(participants, event),
    ...recipients.map((id) => noticeAway(app, id, message)),
  ]);
}

/** An edited or deleted message: live to every participant (a deleted one arrives with its empty body). */
export async function messageUpdated(app: ConversationEffects, message: MessageView): Promise<void> {
  const participants = await participantIds(app, message.conversationId);
  await app.publishLive(participants, {
    type: "message.updated",
    data: { conversationId: message.conversationId, message },
  });
}

/** A read marker that moved: live to every participant (the other side shows "seen"). */
export async function conversationRead(app: ConversationEffects, marker: ReadMarker): Promise<void> {
  const participants = await participantIds(app, marker.conversationId);
  // The unread count is the reader's own; the others learn only how far the reader has read.
  const { conversationId, userId, lastReadSeq, lastReadAt } = marker;
  await app.publishLive(participants, {
    type: "conversation.read",
    data: { conversationId, userId, lastReadSeq, lastReadAt },
  });
}
