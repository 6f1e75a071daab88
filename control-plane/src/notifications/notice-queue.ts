// The control plane's side of notifications: notices go to the workers' BullMQ "notifications" queue, one job
// per recipient, the same job shape the workers' own producer writes. The consumer writes the in-app row
// and sends the email; a job's id is its dedupe key, so a retried request enqueues nothing new.
import type { NotificationKind } from "@skillpod/contract-messages";
import { Queue } from "bullmq";
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export const NOTIFICATIONS_QUEUE = "notifications";

export type Notice = {
  /** Identifies the notice: the same key for the same recipient is delivered once. */
  dedupeKey: string;
  userIds: readonly string[];
  /** "offer.received", "message.received", … (preferences are kept per kind: one of the known kinds). */
  kind: NotificationKind;
  title: string;
  body: string;
};

/** BullMQ refuses ids with ":" or that look like integers; the hash keeps duplicates collapsing. */
const jobIdOf = (key: string): string => `sha256-${createHash("sha256").update(key, "utf8").digest("hex")}`;

export class NoticeQueue {
  readonly #queue: Queue;

  constructor(connection: Redis, prefix: string) {
    this.#queue = new Queue(NOTIFICATIONS_QUEUE, { connection, prefix });
  }

  /** Enqueues one job per recipient: in-app always, email when the recipient has an address. */
  async send(notice: Notice, emails: ReadonlyMap<string, string>): Promise<void> {
    for (const userId of new Set(notice.userIds)) {
      const email = emails.get(userId);
      const dedupeKey = `${notice.dedupeKey}:${userId}`;
      await this.#queue.add(
        notice.kind,
        {
          dedupeKey,
          userId,
          ...(email === undefined ? {} : { email }),
          channels: email === undefined ? ["in-app"] : ["in-app", "email"],
          kind: notice.kind,
          title: notice.title,
          body: notice.body === "" ? notice.title : notice.body,
        },
        {
          jobId: jobIdOf(dedupeKey),
          attempts: 8,
          backoff: { type: "exponential", delay: 1000 },
          removeOnComplete: { age: 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      );
    }
  }

  close(): Promise<void> {
    return this.#queue.close();
  }
}
