// In-app notifications as the workers' notifications consumer writes them (one row per delivered notice).
import type { FastifyInstance } from "fastify";
import { randomUUID } from "node:crypto";

export type NotificationRow = { kind?: string; title?: string; createdAt?: Date; readAt?: Date };

/** A notification row for `userId`; returns its id. */
export async function insertNotification(
  app: FastifyInstance,
  userId: string,
  row: NotificationRow = {},
): Promise<string> {
  const result = await app.pg.query<{ id: string }>(
    `INSERT INTO notifications (user_id, kind, title, body, dedupe_key, created_at, read_at)
     VALUES ($1, $2, $3, $4, $5, COALESCE($6, now()), $7) RETURNING id::text`,
    [
      userId,
      row.kind ?? "offer.received",
      row.title ?? "You have an offer",
      "A notification a test wrote",
      `test-${randomUUID()}:${userId}`,
      row.createdAt ?? null,
      row.readAt ?? null,
    ],
  );
  const id = result.rows[0]?.id;
  if (id === undefined) throw new Error("insert returned no notification");
  return id;
}
