import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Pool } from "pg";
import type { Logger } from "pino";
import { NOTIFICATIONS_QUEUE, parseNotificationJob, type NotificationJob } from "./job.js";
import { MailRejectedError, type Mailer } from "./mailer.js";
import { COMPLETED_JOB_RETENTION_SECONDS } from "./producer.js";

export type NotificationWorkerOptions = {
  /** ioredis with maxRetriesPerRequest: null (BullMQ's requirement); also holds the sent-email markers. */
  connection: Redis;
  pool: Pool;
  mailer: Mailer;
  log: Logger;
  concurrency: number;
  prefix?: string;
  /** How long a sent email is remembered; must outlive the job id in the queue to cover late duplicates. */
  sentEmailTtlSeconds?: number;
};

export type NotificationOutcome = {
  inApp: "written" | "already-present" | "not-requested";
  email: "sent" | "already-sent" | "not-requested";
};

const DEFAULT_SENT_EMAIL_TTL_SECONDS = 7 * COMPLETED_JOB_RETENTION_SECONDS;

export function sentEmailKey(dedupeKey: string): string {
  return `skillpod:notification-email:${dedupeKey}`;
}

async function writeInApp(pool: Pool, job: NotificationJob): Promise<NotificationOutcome["inApp"]> {
  const result = await pool.query(
    `INSERT INTO notifications (user_id, kind, title, body, dedupe_key) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [job.userId, job.kind, job.title, job.body, job.dedupeKey],
  );
  return result.rowCount === 1 ? "written" : "already-present";
}

/*
 * The at-least-once boundary. Email is the one effect nothing downstream can deduplicate, so it runs last, after
 * the idempotent in-app insert, and is marked once the server has accepted it: a retry finds the marker and
 * skips it. A second copy is still possible if the process dies (or Redis fails) between acceptance and marker,
 * or if a stalled job runs twice at once; the stable Message-ID lets mail clients fold it. Marking before
 * sending would turn that window into a lost email instead.
 */
async function sendEmailOnce(
  options: NotificationWorkerOptions,
  job: NotificationJob & { email: string },
): Promise<NotificationOutcome["email"]> {
  const key = sentEmailKey(job.dedupeKey);
  if ((await options.connection.exists(key)) === 1) return "already-sent";
  const receipt = await options.mailer
    .send({ to: job.email, subject: job.title, text: job.body, key: job.dedupeKey })
    .catch((error: unknown) => {
      if (error instanceof MailRejectedError)
        throw new UnrecoverableError(`Email rejected: ${error.message}`);
      throw error;
    });
  const ttl = options.sentEmailTtlSeconds ?? DEFAULT_SENT_EMAIL_TTL_SECONDS;
  await options.connection.set(key, receipt.messageId, "EX", ttl);
  return "sent";
}

async function processNotification(
  options: NotificationWorkerOptions,
  job: Job,
): Promise<NotificationOutcome> {
  const notification = parseNotificationJob(job.data);
  const inApp = notification.channels.includes("in-app")
    ? await writeInApp(options.pool, notification)
    : "not-requested";
  const email =
    notification.channels.includes("email") && notification.email !== undefined
      ? await sendEmailOnce(options, { ...notification, email: notification.email })
      : "not-requested";
  options.log.info(
    { jobId: job.id, dedupeKey: notification.dedupeKey, kind: notification.kind, inApp, email },
    "Processed notification job",
  );
  return { inApp, email };
}

/** Consumes the notifications queue: in-app rows in PostgreSQL, emails over SMTP, each at most once per key. */
export function createNotificationWorker(
  options: NotificationWorkerOptions,
): Worker<unknown, NotificationOutcome> {
  const worker = new Worker<unknown, NotificationOutcome>(
    NOTIFICATIONS_QUEUE,
    (job) => processNotification(options, job),
    {
      connection: options.connection,
      concurrency: options.concurrency,
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    },
  );
  worker.on("failed", (job, error) => {
    options.log.warn(
      { jobId: job?.id, attemptsMade: job?.attemptsMade, err: error },
      "Failed notification job attempt",
    );
  });
  // Without a listener an 'error' event (e.g. Redis unreachable) would crash the process.
  worker.on("error", (error) => {
    options.log.error({ err: error }, "Notification worker errored");
  });
  return worker;
}
