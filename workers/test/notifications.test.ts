// The notifications consumer against the real stack: BullMQ on the stack's Redis, rows in the test database
// and emails through a real SMTP server (smtp-server on loopback) that can refuse recipients on demand.
import { liveStreamKey } from "@skillpod/live-events";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { Queue, type Job } from "bullmq";
import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  NOTIFICATIONS_QUEUE,
  createNotificationWorker,
  createSmtpMailer,
  enqueueNotification,
  notificationJobId,
  sentEmailKey,
  type Mailer,
  type NotificationJob,
  type NotificationOutcome,
} from "../src/notifications/index.js";
import { TestSmtpServer } from "./test-smtp-server.js";

const FROM_ADDRESS = "notifications@skillpod.test";
const run = `test-notify-${randomUUID()}`;

const redisUrl = stackEnv("REDIS_URL");
const smtp = new TestSmtpServer();
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 4 });
const log = pino({ level: "silent" });
const usedKeys: string[] = [];
const usedUsers: string[] = [];
let mailer: Mailer;

function notification(overrides: Partial<NotificationJob> = {}): NotificationJob {
  const dedupeKey = `${run}-${randomUUID()}`;
  const userId = `u_${randomUUID()}`;
  usedKeys.push(dedupeKey);
  usedUsers.push(userId);
  return {
    dedupeKey,
    userId,
    email: `${randomUUID()}@example.test`,
    channels: ["email", "in-app"],
    kind: "milestone.approved",
    title: "Milestone approved: Website redesign",
    body: "Your client approved milestone 2.\nThe payout of €1,250.00 is on its way — see your contracts page.",
    ...overrides,
  };
}

/** The user's preference row for `kind` ("*" for every kind), as PUT /v1/notifications/preferences writes it. */
async function prefer(
  userId: string,
  kind: string,
  channels: { inApp: boolean; email: boolean },
): Promise<void> {
  await pool.query(
    "INSERT INTO notification_preferences (user_id, kind, in_app, email) VALUES ($1, $2, $3, $4)",
    [userId, kind, channels.inApp, channels.email],
  );
}

/** The live events the user's stream holds (what a reconnecting browser would be sent). */
async function liveEventsOf(userId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const entries = await redis.xrange(liveStreamKey(userId), "-", "+");
  return entries.map(
    ([, fields]) => JSON.parse(fields[1] ?? "{}") as { type: string; data: Record<string, unknown> },
  );
}

async function rowsFor(dedupeKey: string): Promise<Record<string, unknown>[]> {
  const result = await pool.query(
    "SELECT user_id, kind, title, body FROM notifications WHERE dedupe_key = $1",
    [dedupeKey],
  );
  return result.rows as Record<string, unknown>[];
}

/** The job once it has completed or failed for good (a job waiting for a retry is neither). */
async function settled(queue: Queue, jobId: string): Promise<Job> {
  await waitFor(
    `job ${jobId} to complete or fail`,
    async () => {
      const state = await queue.getJobState(jobId);
      return state === "completed" || state === "failed" ? state : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  const job = await queue.getJob(jobId);
  if (!job) throw new Error(`job ${jobId} vanished`);
  return job;
}

beforeAll(async () => {
  const port = await smtp.listen();
  mailer = createSmtpMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: `SkillPod <${FROM_ADDRESS}>` });
});

afterAll(async () => {
  await pool.query("DELETE FROM notifications WHERE dedupe_key LIKE $1", [`${run}-%`]);
  await pool.query("DELETE FROM notification_preferences WHERE user_id = ANY($1)", [usedUsers]);
  if (usedKeys.length > 0) await redis.del(...usedKeys.map(sentEmailKey));
  if (usedUsers.length > 0) await redis.del(...usedUsers.map((userId) => liveStreamKey(userId)));
  mailer.close();
  await smtp.close();
  await pool.end();
  redis.disconnect();
});

describe("the notifications consumer", () => {
  let queue: Queue;
  let worker: ReturnType<typeof createNotificationWorker>;
  let workerConnection: Redis;

  beforeEach(async () => {
    const prefix = `${run}-${randomUUID()}`;
    queue = new Queue(NOTIFICATIONS_QUEUE, { connection: redis, prefix });
    workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    worker = createNotificationWorker({
      connection: workerConnection,
      pool,
      mailer,
      log,
      concurrency: 2,
      prefix,
    });
    await worker.waitUntilReady();
  });

  afterEach(async () => {
    await worker.close();
    workerConnection.disconnect();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it("emails the user and writes the in-app row", async () => {
    const job = notification();
    await enqueueNotification(queue, job);
    const done = await settled(queue, notificationJobId(job.dedupeKey));

    expect(done.returnvalue).toEqual({ inApp: "written", email: "sent" } satisfies NotificationOutcome);
    const [message, ...others] = smtp.to(job.email ?? "");
    expect(others).toEqual([]);
    expect(message?.mailFrom).toBe(FROM_ADDRESS);
    expect(message?.rcptTo).toEqual([job.email]);
    expect(message?.headers.get("from")).toBe(`SkillPod <${FROM_ADDRESS}>`);
    expect(message?.headers.get("to")).toBe(job.email);
    expect(message?.headers.get("subject")).toBe(job.title);
    expect(message?.headers.get("message-id")).toMatch(/^<[0-9a-f]{40}@skillpod\.test>$/);
    expect(message?.body.replace(/\r\n/g, "\n").replace(/\n$/, "")).toBe(job.body);
    expect(await rowsFor(job.dedupeKey)).toEqual([
      { user_id: job.userId, kind: job.kind, title: job.title, body: job.body },
    ]);
  });

  it("writes only the in-app row when email is not asked for", async () => {
    const job = notification({ channels: ["in-app"] });
    await enqueueNotification(queue, job);
    const done = await settled(queue, notificationJobId(job.dedupeKey));

    expect(done.returnvalue).toEqual({ inApp: "written", email: "not-requested" });
    expect(smtp.to(job.email ?? "")).toEqual([]);
    expect(await rowsFor(job.dedupeKey)).toHaveLength(1);
  });

  it("collapses the same notification enqueued twice into one job, one row and one email", async () => {
    const job = notification({ dedupeKey: `${run}:contract:c_1:milestone:2` });
    usedKeys.push(job.dedupeKey);
    const [first, second] = await Promise.all([
      enqueueNotification(queue, job),
      enqueueNotification(queue, job),
    ]);
    expect(second.id).toBe(first.id);
    await settled(queue, notificationJobId(job.dedupeKey));

    expect(await queue.getJobCounts("completed", "waiting", "active", "delayed", "failed")).toEqual({
      completed: 1,
      waiting: 0,
      active: 0,
      delayed: 0,
      failed: 0,
    });
    expect(smtp.to(job.email ?? "")).toHaveLength(1);
    expect(await rowsFor(job.dedupeKey)).toHaveLength(1);
  });

  it("does not email twice when a notification runs again after its email went out", async () => {
    const job = notification();
    const jobId = notificationJobId(job.dedupeKey);
    await enqueueNotification(queue, job);
    expect((await settled(queue, jobId)).returnvalue).toEqual({ inApp: "written", email: "sent" });

    // As after a failure past the send, or once the finished job has been trimmed from Redis: it runs again.
    await queue.remove(jobId);
    await enqueueNotification(queue, job);
    const again = await settled(queue, jobId);

    expect(again.returnvalue).toEqual({ inApp: "already-present", email: "already-sent" });
    expect(smtp.to(job.email ?? "")).toHaveLength(1);
    expect(await rowsFor(job.dedupeKey)).toHaveLength(1);
    expect(await redis.get(sentEmailKey(job.dedupeKey))).toMatch(/^<[0-9a-f]{40}@skillpod\.test>$/);
  });

  it("retries after the SMTP server refuses the first attempt (451) and delivers exactly once", async () => {
    const job = notification();
    const email = job.email ?? "";
    smtp.refuseOnce.set(email, 451);
    await enqueueNotification(queue, job);
    const done = await settled(queue, notificationJobId(job.dedupeKey));

    expect(done.finishedOn).toBeDefined();
    expect(await done.getState()).toBe("completed");
    expect(done.attemptsMade).toBe(2);
    expect(smtp.rcptAttempts.filter((address) => address === email)).toHaveLength(2);
    expect(smtp.to(email)).toHaveLength(1);
    expect(await rowsFor(job.dedupeKey)).toHaveLength(1);
  });

  it("fails without retrying when the SMTP server refuses the recipient for good (550), keeping the in-app row", async () => {
    const job = notification();
    smtp.refuseOnce.set(job.email ?? "", 550);
    await enqueueNotification(queue, job);
    const done = await settled(queue, notificationJobId(job.dedupeKey));

    expect(await done.getState()).toBe("failed");
    expect(done.attemptsMade).toBe(1);
    expect(done.failedReason).toMatch(/^Email rejected: .*550/);
    expect(smtp.to(job.email ?? "")).toEqual([]);
    expect(await rowsFor(job.dedupeKey)).toHaveLength(1);
    expect(await redis.exists(sentEmailKey(job.dedupeKey))).toBe(0);
  });

  it("fails an invalid payload at once, without retries or effects", async () => {
    const invalid = { ...notification(), channels: ["email", "sms"] };
    const noAddress = notification({ email: undefined });
    await expect(enqueueNotification(queue, invalid as NotificationJob)).rejects.toThrow(/channels/);
    await expect(enqueueNotification(queue, noAddress)).rejects.toThrow(/email/);

    // Another producer may skip validation: the consumer must refuse the job for good on its own.
    for (const data of [invalid, noAddress]) {
      await queue.add("bad", data, { jobId: data.dedupeKey, attempts: 5, backoff: 1_000 });
      const failed = await settled(queue, data.dedupeKey);
      expect(await failed.getState()).toBe("failed");
      expect(failed.attemptsMade).toBe(1);
      expect(failed.failedReason).toMatch(/^Invalid notification job/);
      expect(await rowsFor(data.dedupeKey)).toEqual([]);
    }
    expect(smtp.to(invalid.email ?? "")).toEqual([]);
  });
  it("writes the in-app row but sends no email when the user turned email off for the kind", async () => {
    const job = notification({ kind: "contract.funded" });
    await prefer(job.userId, "contract.funded", { inApp: true, email: false });
    await enqueueNotification(queue, job);
    const done = await settled(queue, notificationJobId(job.dedupeKey));

    expect(done.returnvalue).toEqual({ inApp: "written", email: "turned-off" } satisfies NotificationOutcome);
    expect(await rowsFor(job.dedupeKey)).toHaveLength(1);
    expect(smtp.rcptAttempts).not.toContain(job.email);
  });

  it("writes no row but still emails when the user turned in-app off for the kind", async () => {
    const job = notification({ kind: "offer.received" });
    await prefer(job.userId, "offer.received", { inApp: false, email: true });
    await enqueueNotification(queue, job);
    const done = await settled(queue, notificationJobId(job.dedupeKey));

    expect(done.returnvalue).toEqual({ inApp: "turned-off", email: "sent" });
    expect(await rowsFor(job.dedupeKey)).toEqual([]);
    expect(smtp.to(job.email ?? "")).toHaveLength(1);
    expect(await liveEventsOf(job.userId)).toEqual([]);
  });

  it('follows the user\'s "*" row for kinds without one of their own, and their own row over it', async () => {
    const silenced = notification({ kind: "contract.reminder" });
    await prefer(silenced.userId, "*", { inApp: false, email: false });
    const own = notification({ kind: "payout.paid" });
    await prefer(own.userId, "*", { inApp: false, email: false });
    await prefer(own.userId, "payout.paid", { inApp: true, email: true });
    await Promise.all([enqueueNotification(queue, silenced), enqueueNotification(queue, own)]);

    expect((await settled(queue, notificationJobId(silenced.dedupeKey))).returnvalue).toEqual({
      inApp: "turned-off",
      email: "turned-off",
    });
    expect((await settled(queue, notificationJobId(own.dedupeKey))).returnvalue).toEqual({
      inApp: "written",
      email: "sent",
    });
    expect(await rowsFor(silenced.dedupeKey)).toEqual([]);
    expect(smtp.rcptAttempts).not.toContain(silenced.email);
    expect(await rowsFor(own.dedupeKey)).toHaveLength(1);
  });

  it("announces a new in-app row on the user's live stream, once however often the job runs", async () => {
    const job = notification({ channels: ["in-app"], kind: "message.received" });
    const jobId = notificationJobId(job.dedupeKey);
    await enqueueNotification(queue, job);
    await settled(queue, jobId);
    await queue.remove(jobId);
    await enqueueNotification(queue, job);
    expect((await settled(queue, jobId)).returnvalue).toEqual({
      inApp: "already-present",
      email: "not-requested",
    });

    const row = await pool.query<{ id: string }>("SELECT id::text FROM notifications WHERE dedupe_key = $1", [
      job.dedupeKey,
    ]);
    expect(await liveEventsOf(job.userId)).toEqual([
      {
        type: "notification.created",
        data: { id: row.rows[0]?.id, kind: "message.received", title: job.title },
        at: expect.any(String) as unknown,
      },
    ]);
  });
});
