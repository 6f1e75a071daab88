// A user's in-app notifications. The workers' notifications consumer writes the rows (one per delivered
// notice, keyed by its dedupe key); the control plane only reads them and marks them read. A row of another
// user is answered like a missing one.
import type { PrismaClient } from "../database.js";
import { notFound } from "../errors/index.js";
import {
  newestFirstAfter,
  newestFirstKey,
  newestFirstOrder,
  pageOf,
  type Page,
} from "../pagination/index.js";

export type NotificationView = {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
};

type Row = {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
};

const viewOf = (row: Row): NotificationView => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  createdAt: row.createdAt.toISOString(),
  readAt: row.readAt?.toISOString() ?? null,
});

export type InboxQuery = { cursor?: string; limit: number; unread?: boolean };

/** The user's notifications, newest first; `unread` keeps only those not yet read. */
export async function listNotifications(
  db: PrismaClient,
  userId: string,
  query: InboxQuery,
): Promise<Page<NotificationView>> {
  const rows = await db.notification.findMany({
    where: {
      userId,
      ...(query.unread === true ? { readAt: null } : {}),
      ...newestFirstAfter(query.cursor),
    },
    orderBy: newestFirstOrder,
    take: query.limit + 1,
  });
  const { items, nextCursor } = pageOf(rows, query.limit, newestFirstKey);
  return { items: items.map(viewOf), nextCursor };
}

export async function unreadCount(db: PrismaClient, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

/** Marks one of the user's notifications read; reading it again keeps the first time. */
export async function markNotificationRead(
  db: PrismaClient,
  userId: string,
  notificationId: string,
): Promise<NotificationView> {
  const marked = await db.$executeRaw`
    UPDATE notifications SET read_at = COALESCE(read_at, now())
    WHERE id = ${notificationId}::uuid AND user_id = ${userId}`;
  if (marked === 0) throw notFound("Notification");
  const row = await db.notification.findFirst({ where: { id: notificationId, userId } });
  if (!row) throw notFound("Notification");
  return viewOf(row);
}

/** Marks every unread notification of the user read; returns how many were unread. */
export async function markAllNotificationsRead(db: PrismaClient, userId: string): Promise<number> {
  return db.$executeRaw`UPDATE notifications SET read_at = now() WHERE user_id = ${userId} AND read_at IS NULL`;
}
