// The notifications consumer against the real stack: BullMQ on the stack's Redis, rows in the test database
// and emails through a real SMTP server (smtp-server on loopback) that can refuse recipients on demand.
import { stackEnv, waitFor } from "@skillpod/testkit";
import { Queue, type Job } from "bullmq";
import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { pino } from "pino";
import { SMTPServer } from "smtp-server";
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

const FROM_ADDRESS = "notifications@skillpod.test";
const run = `test-notify-${randomUUID()}`;

type Received = { mailFrom: string; rcptTo: string[]; headers: Map<string, string>; body: string };

/** A real SMTP server that records what it accepted and refuses a recipient once with a chosen code. */
class TestSmtpServer {
  readonly received: Received[] = [];
  readonly rcptAttempts: string[] = [];
  readonly refuseOnce = new Map<string, number>();
  readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      this.rcptAttempts.push(address.address);
      const code = this.refuseOnce.get(address.address);
      if (code === undefined) return callback();
      this.refuseOnce.delete(address.address);
      callback(Object.assign(new Error(`Refused ${address.address} for this test`), { responseCode: code }));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const mailFrom = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;
        const rcptTo = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        this.received.push({ mailFrom, rcptTo, ...parseMessage(Buffer.concat(chunks).toString("latin1")) });
        callback();
      });
    },
  });

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  to(address: string): Received[] {
    return this.received.filter((message) => message.rcptTo.includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Just enough RFC 5322/2045 to read what nodemailer writes: unfolded headers and a decoded text body. */
function parseMessage(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map(
    head.split("\r\n").map((line): [string, string] => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return { headers, body: decodeBody(raw.slice(split + 4), headers.get("content-transfer-encoding")) };
}

function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding?.toLowerCase() === "base64")
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding?.toLowerCase() !== "quoted-printable") return Buffer.from(body, "latin1").toString("utf8");
  const joined = body.replace(/=\r\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === "=") {
      bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return Buffer.from(bytes).toString("utf8");
}

const redisUrl = stackEnv("REDIS_URL");
const smtp = new TestSmtpServer();
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 4 });
const log = pino({ level: "silent" });
const usedKeys: string[] = [];
let mailer: Mailer;

function notification(overrides: Partial<NotificationJob> = {}): NotificationJob {
  const dedupeKey = `${run}-${randomUUID()}`;
  usedKeys.push(dedupeKey);
  return {
    dedupeKey,
    userId: `u_${randomUUID()}`,
    email: `${randomUUID()}@example.test`,
    channels: ["email", "in-app"],
    kind: "milestone.approved",
    title: "Milestone approved: Website redesign",
    body: "Your client approved milestone 2.\nThe payout of €1,250.00 is on its way — see your contracts page.",
    ...overrides,
  };
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
  if (usedKeys.length > 0) await redis.del(...usedKeys.map(sentEmailKey));
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
});
