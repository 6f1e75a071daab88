// The live channel on one app over a real socket: tickets, delivery to exactly the named users, replay from a
// cursor, resync, slow consumers cut off, presence.
import { isUserLive, liveStreamKey, publishLiveEvent, type LiveEventType } from "@skillpod/live-events";
import { LiveClient, LiveRefused, waitFor } from "@skillpod/testkit";
import type { FastifyInstance } from "fastify";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { rateLimitNamespace, signUp, type SignedIn } from "./callers.js";

const ticketTtlSeconds = 3;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = await buildTestApp({
    LIVE_TICKET_TTL_SECONDS: String(ticketTtlSeconds),
    // Far above what the small events here ever queue, far below what the slow-consumer test sends.
    LIVE_MAX_BUFFERED_BYTES: "65536",
    RATE_LIMIT_NAMESPACE: rateLimitNamespace("live"),
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  base = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await app.close();
});

async function ticketFor(user: SignedIn): Promise<string> {
  const response = await app.inject({ method: "POST", url: "/v1/live/tickets", headers: user.headers });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json<{ ticket: string; expiresAt: string; url: string }>();
  expect(body.url).toBe("/v1/live");
  expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
  return body.ticket;
}

async function connect(user: SignedIn, cursor?: string): Promise<LiveClient> {
  const query = `ticket=${await ticketFor(user)}${cursor ? `&cursor=${cursor}` : ""}`;
  return registered(user, await LiveClient.open(`${base}/v1/live?${query}`));
}

/**
 * The server registers a socket for delivery right after its 101 answer, which the client may see first:
 * an event published in between reaches only a client that opened with a cursor. Presence is written once
 * the socket is registered.
 */
async function registered(user: SignedIn, client: LiveClient): Promise<LiveClient> {
  await waitFor("the socket registered", async () => isUserLive(app.redis, user.userId), {
    timeoutMs: 5000,
    intervalMs: 20,
  });
  return client;
}

const publish = async (userIds: string[], type: LiveEventType, n: number): Promise<void> =>
  publishLiveEvent(app.redis, userIds, { type, data: { n } });

async function refusal(url: string): Promise<LiveRefused> {
  const error = await LiveClient.open(url).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LiveRefused);
  return error as LiveRefused;
}

function expectUnauthenticated(refused: LiveRefused): void {
  expect(refused.status).toBe(401);
  expect((JSON.parse(refused.body) as { code: string }).code).toBe("SKP_UNAUTHENTICATED");
}

describe("tickets", () => {
  it("opens one socket once: the second use is a 401 problem", async () => {
    const user = await signUp(app, "freelancer");
    const ticket = await ticketFor(user);
    const client = await LiveClient.open(`${base}/v1/live?ticket=${ticket}`);
    expectUnauthenticated(await refusal(`${base}/v1/live?ticket=${ticket}`));
    await client.close();
  });

  it("refuses an expired ticket", async () => {
    const user = await signUp(app, "client");
    const ticket = await ticketFor(user);
    await sleep(ticketTtlSeconds * 1000 + 500);
    expectUnauthenticated(await refusal(`${base}/v1/live?ticket=${ticket}`));
  });

  it("answers a request without a ticket, or with a bearer token only, with a 401 problem", async () => {
    const user = await signUp(app, "client");
    expectProblem(await app.inject({ method: "GET", url: "/v1/live" }), 401, "SKP_UNAUTHENTICATED");
    const bearerOnly = await app.inject({ method: "GET", url: "/v1/live", headers: user.headers });
    expectProblem(bearerOnly, 401, "SKP_UNAUTHENTICATED");
    expectUnauthenticated(await refusal(`${base}/v1/live`));
    expectUnauthenticated(await refusal(`${base}/v1/live?ticket=${"x".repeat(43)}`));
  });

  it("answers a plain GET with a valid ticket 426 without using the ticket up", async () => {
    const user = await signUp(app, "freelancer");
    const ticket = await ticketFor(user);
    const plain = await app.inject({ method: "GET", url: `/v1/live?ticket=${ticket}` });
    expectProblem(plain, 426, "SKP_UPGRADE_REQUIRED");
    const client = await LiveClient.open(`${base}/v1/live?ticket=${ticket}`);
    await client.close();
  });

  it("takes the ticket from Sec-WebSocket-Protocol and answers with the live subprotocol", async () => {
    const user = await signUp(app, "freelancer");
    const client = await registered(
      user,
      await LiveClient.open(`${base}/v1/live`, ["skillpod.live.v1", `ticket.${await ticketFor(user)}`]),
    );
    expect(client.socket.protocol).toBe("skillpod.live.v1");
    await publish([user.userId], "notification.created", 1);
    const [frame] = await client.waitForFrames(1);
    expect(frame).toMatchObject({ type: "notification.created", data: { n: 1 } });
    await client.close();
  });
});

describe("delivery", () => {
  it("delivers an event to exactly the users it names", async () => {
    const [x, y] = [await signUp(app, "freelancer"), await signUp(app, "client")];
    const [xs, ys] = [await connect(x), await connect(y)];
    await publish([x.userId], "message.created", 1);
    // Pub/sub keeps order: when y's own event arrives, x's would have arrived before it.
    await publish([y.userId], "conversation.read", 2);
    const [xFrame] = await xs.waitForFrames(1);
    const [yFrame] = await ys.waitForFrames(1);
    expect(xFrame).toMatchObject({ type: "message.created", data: { n: 1 } });
    expect(xFrame?.id).toMatch(/^\d+-\d+$/);
    expect(Date.parse(xFrame?.at ?? "")).toBeGreaterThan(0);
    expect(yFrame).toMatchObject({ type: "conversation.read", data: { n: 2 } });
    await sleep(200);
    expect(xs.frames).toHaveLength(1);
    expect(ys.frames).toHaveLength(1);
    await publish([x.userId, y.userId], "contract.changed", 3);
    expect((await xs.waitForFrames(2))[1]).toMatchObject({ data: { n: 3 } });
    expect((await ys.waitForFrames(2))[1]).toMatchObject({ data: { n: 3 } });
    await Promise.all([xs.close(), ys.close()]);
  });

  it("replays exactly what a reconnecting client missed, in order, then live events without duplicates", async () => {
    const user = await signUp(app, "freelancer");
    const first = await connect(user);
    await publish([user.userId], "message.created", 0);
    const [seen] = await first.waitForFrames(1);
    await first.close();
    for (let n = 1; n <= 5; n++) await publish([user.userId], "message.created", n);
    // Events keep coming while the new socket opens and replays: each must arrive once, in order.
    let publishing = true;
    const publisher = (async () => {
      for (let n = 6; publishing || n <= 30; n++) await publish([user.userId], "message.created", n);
    })();
    const again = await connect(user, seen?.id);
    await sleep(100);
    publishing = false;
    await publisher;
    // Every event after the cursor: all but the first in the stream.
    const total = (await app.redis.xlen(liveStreamKey(user.userId))) - 1;
    const frames = await again.waitForFrames(total);
    expect(frames.map((f) => f.data?.n)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    await sleep(200);
    expect(again.frames).toHaveLength(total);
    await again.close();
  });

  it("sends one resync when the stream no longer holds everything after the cursor", async () => {
    const user = await signUp(app, "client");
    const ids: string[] = [];
    for (let n = 0; n < 250; n++) {
      await publishLiveEvent(
        app.redis,
        [user.userId],
        { type: "wallet.changed", data: { n } },
        { replayEvents: 10 },
      );
    }
    const page = await app.redis.xrange(liveStreamKey(user.userId), "-", "+");
    ids.push(...page.map(([id]) => id));
    expect(ids.length).toBeLessThan(250);
    const old = await connect(user, "1-0");
    expect((await old.waitForFrames(1))[0]).toMatchObject({ type: "resync" });
    // A cursor the stream still covers replays normally.
    const recent = await connect(user, ids.at(-3));
    expect((await recent.waitForFrames(2)).map((f) => f.id)).toEqual(ids.slice(-2));
    // A stream that is gone (a user whose events were dropped) cannot replay either.
    const stranger = await signUp(app, "client");
    const gone = await connect(stranger, ids.at(-1));
    expect((await gone.waitForFrames(1))[0]).toMatchObject({ type: "resync" });
    await Promise.all([old.close(), recent.close(), gone.close()]);
  });
});

describe("slow consumers and presence", () => {
  it("closes a socket whose client stops reading with 4008 instead of buffering", async () => {
    const user = await signUp(app, "freelancer");
    const client = await connect(user);
    client.pauseReading(true);
    const big = "x".repeat(100_000);
    for (let n = 0; n < 100 && client.closeCode === undefined; n++) {
      await publishLiveEvent(app.redis, [user.userId], { type: "message.created", data: { n, big } });
    }
    client.pauseReading(false);
    expect(await client.closed).toBe(4008);
    const metric = await app.metrics.getSingleMetric("skillpod_live_slow_consumer_closes_total")?.get();
    expect(metric?.values[0]?.value).toBeGreaterThanOrEqual(1);
    await app.redis.del(liveStreamKey(user.userId));
  });

  it("keeps the user present while a socket is open, and not after it closed", async () => {
    const user = await signUp(app, "client");
    expect(await isUserLive(app.redis, user.userId)).toBe(false);
    const client = await connect(user);
    expect(await isUserLive(app.redis, user.userId)).toBe(true);
    await client.close();
    await waitFor("presence gone", async () => !(await isUserLive(app.redis, user.userId)), {
      timeoutMs: 5000,
      intervalMs: 50,
    });
  });
});

describe("heartbeat", () => {
  let beating: FastifyInstance;
  let beatingBase: string;

  beforeAll(async () => {
    beating = await buildTestApp({
      LIVE_HEARTBEAT_SECONDS: "1",
      RATE_LIMIT_NAMESPACE: rateLimitNamespace("live-heartbeat"),
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    });
    await beating.listen({ host: "127.0.0.1", port: 0 });
    beatingBase = `ws://127.0.0.1:${(beating.server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await beating.close();
  });

  it("keeps a socket that answers pings and drops one that stopped answering", async () => {
    const user = await signUp(beating, "freelancer");
    const response = await beating.inject({ method: "POST", url: "/v1/live/tickets", headers: user.headers });
    const client = await LiveClient.open(
      `${beatingBase}/v1/live?ticket=${response.json<{ ticket: string }>().ticket}`,
    );
    await sleep(3000);
    expect(client.closeCode).toBeUndefined();
    client.pauseReading(true);
    await waitFor("presence gone", async () => !(await isUserLive(beating.redis, user.userId)), {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    client.pauseReading(false);
    // Terminated, not closed: no close frame, so the client sees an abnormal closure.
    expect(await client.closed).toBe(1006);
  });
});
