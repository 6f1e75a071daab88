// Turns a contract's notice into one notification job per recipient: in-app always, email too when the
// recipient is a platform user with an address. Job dedupe keys extend the notice's, so a retried activity
// enqueues nothing new.
import type { Queue } from "bullmq";
import type pg from "pg";
import { enqueueNotification } from "../notifications/index.js";
import type { PartyNotice } from "./contract-activity-types.js";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function emailsOf(pool: pg.Pool, userIds: string[]): Promise<Map<string, string>> {
  const ids = userIds.filter((id) => uuid.test(id));
  if (ids.length === 0) return new Map();
  const result = await pool.query<{ id: string; email: string }>(
    "SELECT id::text, email FROM users WHERE id = ANY($1::uuid[])",
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, row.email]));
}

export function createNoticePublisher(deps: {
  pool: pg.Pool;
  queue: Queue;
}): (notice: PartyNotice) => Promise<void> {
  return async (notice) => {
    const emails = await emailsOf(deps.pool, notice.userIds);
    for (const userId of notice.userIds) {
      const email = emails.get(userId);
      await enqueueNotification(deps.queue, {
        dedupeKey: `${notice.dedupeKey}:${userId}`,
        userId,
        ...(email === undefined ? {} : { email }),
        channels: email === undefined ? ["in-app"] : ["in-app", "email"],
        kind: notice.kind,
        title: notice.title,
        body: notice.body === "" ? notice.title : notice.body,
      });
    }
  };
}
