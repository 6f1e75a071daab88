// Notifications end to end: app.notify enqueues on the workers' BullMQ queue, the REAL workers process's
// notifications consumer honours the recipient's preferences, writes the in-app row and announces it on the
// live channel, and GET /v1/notifications shows it.
import { liveStreamKey } from "@skillpod/live-events";
import { waitFor } from "@skillpod/testkit";
import { Queue } from "bullmq";
import type { FastifyInstance } from "fastify";
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { startMoneyStack, type MoneyStack } from "./money-stack.js";

type Notification = { id: string; kind: string; title: string; readAt: string | null };

const namespace = rateLimitNamespace("notification-delivery");
let stack: MoneyStack;
let app: FastifyInstance;
let queue: Queue;

beforeAll(async () => {
  stack = await startMoneyStack({
    appOverrides: {
      RATE_LIMIT_NAMESPACE: namespace,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      RATE_LIMIT_AUTHENTICATED_PER_MINUTE: "100000",
      RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
    },
  });
  app = stack.app;
  queue = new Queue("notifications", { connection: app.redis, prefix: `bull-${stack.prefix}` });
}, 180_000);
afterAll(async () => {
  await queue?.close();
  if (app) await dropKeysUnder(app.redis, namespace);
  await stack?.close();
});

async function notifications(user: SignedIn): Promise<Notification[]> {
  const response = await app.inject({ method: "GET", url: "/v1/notifications", headers: user.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Notification[] }>().items;
}

/** What the consumer did with the notice's job for `userId` (the job id app.notify gives it). */
async function outcomeOf(dedupeKey: string, userId: string): Promise<unknown> {
  const jobId = `sha256-${createHash("sha256").update(`${dedupeKey}:${userId}`, "utf8").digest("hex")}`;
  return waitFor(
    `notification job ${jobId} to complete`,
    async () => {
      // One read of the job: its completion and return value are written together, whereas a state
      // asked for after the read can say "completed" while the copy read before holds no value yet.
      const job = await queue.getJob(jobId);
      return job?.finishedOn !== undefined && !job.failedReason ? (job.returnvalue as unknown) : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}

describe("a notice sent with app.notify", () => {
  it("reaches the recipient's list, unread count and live stream through the workers' consumer", async () => {
    const user = await signUp(app, "freelancer");
    const dedupeKey = `delivery-test-${randomUUID()}`;
    await app.notify({
      dedupeKey,
      userIds: [user.userId],
      kind: "offer.received",
      title: "You have an offer: Website redesign",
      body: "A client made you an offer.",
    });

    const [shown] = await waitFor(
      "the notification to be listed",
      async () => {
        const items = await notifications(user);
        return items.length > 0 ? items : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(shown).toMatchObject({
      kind: "offer.received",
      title: "You have an offer: Website redesign",
      readAt: null,
    });
    expect(await outcomeOf(dedupeKey, user.userId)).toEqual({ inApp: "written", email: "sent" });
    const count = await app.inject({
      method: "GET",
      url: "/v1/notifications/unread-count",
      headers: user.headers,
    });
    expect(count.json()).toEqual({ unread: 1 });

    const live = await app.redis.xrange(liveStreamKey(user.userId), "-", "+");
    const events = live.map(([, fields]) => JSON.parse(fields[1] ?? "{}") as { type: string; data: unknown });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "notification.created",
        data: { id: shown?.id, kind: "offer.received", title: "You have an offer: Website redesign" },
      }),
    );
  });

  it("skips the channels the recipient turned off for the kind", async () => {
    const user = await signUp(app, "client");
    const put = await app.inject({
      method: "PUT",
      url: "/v1/notifications/preferences",
      headers: user.headers,
      payload: {
        preferences: [
          { kind: "*", inApp: false, email: false },
          { kind: "contract.funded", inApp: true, email: false },
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const funded = `delivery-test-${randomUUID()}`;
    const reminder = `delivery-test-${randomUUID()}`;
    await app.notify({
      dedupeKey: funded,
      userIds: [user.userId],
      kind: "contract.funded",
      title: "Milestone funded",
      body: "",
    });
    await app.notify({
      dedupeKey: reminder,
      userIds: [user.userId],
      kind: "contract.reminder",
      title: "Due soon",
      body: "",
    });

    expect(await outcomeOf(funded, user.userId)).toEqual({ inApp: "written", email: "turned-off" });
    expect(await outcomeOf(reminder, user.userId)).toEqual({ inApp: "turned-off", email: "turned-off" });
    expect((await notifications(user)).map((n) => n.kind)).toEqual(["contract.funded"]);
  });
});
