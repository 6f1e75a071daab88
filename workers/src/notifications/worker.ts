import { publishLiveEvent } from "@skillpod/live-events";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Pool } from "pg";
import type { Logger } from "pino";
import { NOTIFICATIONS_QUEUE, parseNotificationJob, type NotificationJob } from "./job.js";
import { MailRejectedError, type Mailer } from "./mailer.js";
import { channelPreferenceOf, type ChannelPreference } from "./preferences.js";
import { COMPLETED_JOB_RETENTION_SECONDS } from "./producer.js";

export type NotificationWorkerOptions = {
  /** ioredis with maxRetriesPerRequest: null (BullMQ's requirement); also holds the sent-email markers and the live events. */
  connection: Redis;
  pool: Pool;
  mailer: Mailer;
  log: Logger;
  concurrency: number;
  prefix?: string;
  /** How long a sent email is remembered; must outlive the job id in the queue to cover late duplicates. */
  sentEmailTtlSeconds?: number;
};

/** "turned-off": the job asked for the channel and the user's preferences drop it. */
export type NotificationOutcome = {
  inApp: "written" | "already-present" | "not-requested" | "turned-off";
  email: "sent" | "already-sent" | "not-requested" | "turned-off";
};

const DEFAULT_SENT_EMAIL_TTL_SECONDS = 7 * COMPLETED_JOB_RETENTION_SECONDS;

export function sentEmailKey(dedupeKey: string): string {
  return `skillpod:notification-email:${dedupeKey}`;
}

async function writeInApp(pool: Pool, job: NotificationJob): Promise<{ id: string } | undefined> {
  const result = await pool.query<{ id: string }>(
    `INSERT INTO notifications (user_id, kind, title, body, dedupe_key) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::text`,
    [job.userId, job.kind, job.title, job.body, job.dedupeKey],
  );
  return result.rows[0];
}

/**
 * The live event for a new row. Only a new row announces itself, so a redelivered job does not ping twice; a
 * failed publish is logged, not retried: the row is written, and a reconnecting client reads the list anyway.
 */
async function announce(options: NotificationWorkerOptions, job: NotificationJob, id: string): Promise<void> {
  try {
    await publishLiveEvent(options.connection, [job.userId], {
      type: "notification.created",
      data: { id, kind: job.kind, title: job.title },
    });
  } catch (error) {
    options.log.warn({ err: error, notificationId: id }, `Failed to publish notification ${id} live`);
  }
}

async function deliverInApp(
  options: NotificationWorkerOptions,
  job: NotificationJob,
  wanted: ChannelPreference,
): Promise<NotificationOutcome["inApp"]> {
  if (!job.channels.includes("in-app")) return "not-requested";
  if (!wanted.inApp) {
    options.log.info(
      { dedupeKey: job.dedupeKey, kind: job.kind },
      `Skipped in-app ${job.kind} notification for user ${job.userId} by preference`,
    );
    return "turned-off";
  }
  const row = await writeInApp(options.pool, job);
  if (row === undefined) return "already-present";
  await announce(options, job, row.id);
  return "written";
}

async function deliverEmail(
  options: NotificationWorkerOptions,
  job: NotificationJob,
  wanted: ChannelPreference,
): Promise<NotificationOutcome["email"]> {
  if (!job.channels.includes("email") || job.email === undefined) return "not-requested";
  if (!wanted.email) {
    options.log.info(
      { dedupeKey: job.dedupeKey, kind: job.kind },
      `Skipped ${job.kind} email for user ${job.userId} by preference`,
    );
    return "turned-off";
  }
  return sendEmailOnce(options, { ...job, email: job.email });
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
  // Read at delivery, not at enqueue: a change of mind applies to notices already queued.
  const wanted = await channelPreferenceOf(options.pool, notification.userId, notification.kind);
  const inApp = await deliverInApp(options, notification, wanted);
  const email = await deliverEmail(options, notification, wanted);
  options.log.info(
    { jobId: job.id, dedupeKey: notification.dedupeKey, kind: notification.kind, inApp, email },
    "Processed notification job",
  );
  return { inApp, email };
}

/**
 * Consumes the notifications queue: in-app rows in PostgreSQL (each announced on the user's live channel) and
 * emails over SMTP, each at most once per key and only on the channels the user's preferences keep.
 */
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
