// In-app notifications and preferences through the real app. The rows are written with SQL, as the workers'
// notifications consumer writes them; the control plane lists them newest first a page at a time, counts and
// marks the unread, and answers another user's notification as a missing one.
import { notificationKinds } from "@skillpod/contract-messages";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { insertNotification } from "./notifications-fixtures.js";

type Notification = { id: string; kind: string; title: string; createdAt: string; readAt: string | null };
type Page = { items: Notification[]; nextCursor: string | null };
type Preference = { kind: string; inApp: boolean; email: boolean; explicit: boolean };

const namespace = rateLimitNamespace("notifications");
let app: FastifyInstance;

beforeAll(async () => {
  app = await buildTestApp({
    RATE_LIMIT_NAMESPACE: namespace,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_AUTHENTICATED_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: "100000",
  });
});
afterAll(async () => {
  if (app) await dropKeysUnder(app.redis, namespace);
  await app?.close();
});

async function call<T>(
  user: SignedIn,
  method: "GET" | "POST" | "PUT",
  url: string,
  payload?: object,
): Promise<T> {
  const response = await app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

const unread = async (user: SignedIn): Promise<number> =>
  (await call<{ unread: number }>(user, "GET", "/v1/notifications/unread-count")).unread;

/** Five notifications a second apart, the oldest first; the second oldest is already read. */
async function fiveFor(user: SignedIn): Promise<string[]> {
  const base = Date.now() - 60_000;
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const createdAt = new Date(base + i * 1000);
    ids.push(
      await insertNotification(app, user.userId, {
        title: `Notice ${i}`,
        createdAt,
        ...(i === 1 ? { readAt: new Date(base + 10_000) } : {}),
      }),
    );
  }
  return ids;
}

describe("the notification list", () => {
  it("lists the caller's notifications newest first, a page at a time, and only the unread on asking", async () => {
    const user = await signUp(app, "freelancer");
    const other = await signUp(app, "client");
    const ids = await fiveFor(user);
    await insertNotification(app, other.userId, { title: "Not yours" });

    const pages: Notification[][] = [];
    let url = "/v1/notifications?limit=2";
    for (;;) {
      const page = await call<Page>(user, "GET", url);
      pages.push(page.items);
      if (page.nextCursor === null) break;
      url = `/v1/notifications?limit=2&cursor=${page.nextCursor}`;
    }
    expect(pages.map((items) => items.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((n) => n.id)).toEqual([...ids].reverse());
    expect(pages.flat().map((n) => n.title)).toEqual([
      "Notice 4",
      "Notice 3",
      "Notice 2",
      "Notice 1",
      "Notice 0",
    ]);

    const onlyUnread = await call<Page>(user, "GET", "/v1/notifications?unread=true");
    expect(onlyUnread.items.map((n) => n.id)).toEqual([ids[4], ids[3], ids[2], ids[0]]);
    expect(onlyUnread.items.every((n) => n.readAt === null)).toBe(true);
    expect(await unread(user)).toBe(4);
  });

  it("refuses a cursor it never made as a 422 naming the field", async () => {
    const user = await signUp(app, "client");
    const response = await app.inject({
      method: "GET",
      url: "/v1/notifications?cursor=bm90LWEtY3Vyc29y",
      headers: user.headers,
    });
    expectProblem(response, 422, "SKP_VALIDATION_FAILED");
    expect(response.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe("cursor");
  });
});

describe("marking notifications read", () => {
  it("marks one read once (again keeps the first time) and counts it out of the unread", async () => {
    const user = await signUp(app, "freelancer");
    const ids = await fiveFor(user);
    const first = await call<Notification>(user, "POST", `/v1/notifications/${ids[3]}/read`);
    expect(first).toMatchObject({ id: ids[3], title: "Notice 3" });
    expect(first.readAt).not.toBeNull();
    const again = await call<Notification>(user, "POST", `/v1/notifications/${ids[3]}/read`);
    expect(again.readAt).toBe(first.readAt);
    expect(await unread(user)).toBe(3);
  });

  it("answers another user's notification, and a missing one, with 404 and leaves it unread", async () => {
    const owner = await signUp(app, "client");
    const stranger = await signUp(app, "client");
    const id = await insertNotification(app, owner.userId);
    for (const target of [id, randomUUID()]) {
      const response = await app.inject({
        method: "POST",
        url: `/v1/notifications/${target}/read`,
        headers: stranger.headers,
      });
      expectProblem(response, 404, "SKP_NOT_FOUND");
    }
    expect(await unread(owner)).toBe(1);
  });

  it("marks all the caller's notifications read, and nobody else's", async () => {
    const user = await signUp(app, "freelancer");
    const other = await signUp(app, "freelancer");
    await fiveFor(user);
    await insertNotification(app, other.userId);
    expect(await call<{ markedRead: number }>(user, "POST", "/v1/notifications/read-all")).toEqual({
      markedRead: 4,
    });
    expect(await unread(user)).toBe(0);
    expect((await call<Page>(user, "GET", "/v1/notifications?unread=true")).items).toEqual([]);
    expect(await call<{ markedRead: number }>(user, "POST", "/v1/notifications/read-all")).toEqual({
      markedRead: 0,
    });
    expect(await unread(other)).toBe(1);
  });
});

describe("notification preferences", () => {
  const read = async (user: SignedIn): Promise<Preference[]> =>
    (await call<{ preferences: Preference[] }>(user, "GET", "/v1/notifications/preferences")).preferences;

  it("lists every kind with both channels on until the user changes them", async () => {
    const user = await signUp(app, "client");
    expect(await read(user)).toEqual(
      notificationKinds.map((kind) => ({ kind, inApp: true, email: true, explicit: false })),
    );
  });

  it('keeps what was set, per kind, with the "*" row for every other kind', async () => {
    const user = await signUp(app, "freelancer");
    const other = await signUp(app, "freelancer");
    const written = await call<{ preferences: Preference[] }>(user, "PUT", "/v1/notifications/preferences", {
      preferences: [
        { kind: "*", inApp: true, email: false },
        { kind: "payout.paid", inApp: true, email: true },
        { kind: "contract.reminder", inApp: false, email: false },
      ],
    });
    const preferences = await read(user);
    expect(written.preferences).toEqual(preferences);
    const byKind = new Map(preferences.map((p) => [p.kind, p]));
    expect(preferences[0]).toEqual({ kind: "*", inApp: true, email: false, explicit: true });
    expect(byKind.get("payout.paid")).toEqual({
      kind: "payout.paid",
      inApp: true,
      email: true,
      explicit: true,
    });
    expect(byKind.get("contract.reminder")).toMatchObject({ inApp: false, email: false, explicit: true });
    expect(byKind.get("offer.received")).toEqual({
      kind: "offer.received",
      inApp: true,
      email: false,
      explicit: false,
    });
    expect(preferences).toHaveLength(notificationKinds.length + 1);

    // A later change of one kind leaves the others as they were.
    await call(user, "PUT", "/v1/notifications/preferences", {
      preferences: [{ kind: "contract.reminder", inApp: true, email: false }],
    });
    const after = new Map((await read(user)).map((p) => [p.kind, p]));
    expect(after.get("contract.reminder")).toMatchObject({ inApp: true, email: false });
    expect(after.get("payout.paid")).toMatchObject({ inApp: true, email: true });
    expect((await read(other)).every((p) => p.inApp && p.email && !p.explicit)).toBe(true);
  });

  it("takes concurrent changes of the same kind, the last write winning whole", async () => {
    const user = await signUp(app, "client");
    const choices = Array.from({ length: 8 }, (_, i) => ({ inApp: i % 2 === 0, email: i % 3 === 0 }));
    const responses = await Promise.all(
      choices.map((choice) =>
        app.inject({
          method: "PUT",
          url: "/v1/notifications/preferences",
          headers: user.headers,
          payload: { preferences: [{ kind: "message.received", ...choice }] },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(choices.map(() => 200));
    const kept = (await read(user)).find((p) => p.kind === "message.received");
    expect(choices).toContainEqual({ inApp: kept?.inApp, email: kept?.email });
  });

  it("refuses an unknown kind (400, the schema's enum) or a repeated one (422), naming the entry, and changes nothing", async () => {
    const user = await signUp(app, "client");
    const put = (preferences: object[]): Promise<LightMyRequestResponse> =>
      app.inject({
        method: "PUT",
        url: "/v1/notifications/preferences",
        headers: user.headers,
        payload: { preferences },
      });
    const unknown = await put([
      { kind: "offer.received", inApp: false, email: false },
      { kind: "milestone.teleported", inApp: true, email: false },
    ]);
    expectProblem(unknown, 400, "SKP_VALIDATION_FAILED");
    expect(unknown.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
      "preferences.1.kind",
    ]);
    const twice = await put([
      { kind: "payout.paid", inApp: false, email: false },
      { kind: "payout.paid", inApp: true, email: true },
    ]);
    expectProblem(twice, 422, "SKP_VALIDATION_FAILED");
    expect(twice.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
      "preferences.1.kind",
    ]);
    expectProblem(await put([{ kind: "payout.paid", inApp: true }]), 400, "SKP_VALIDATION_FAILED");
    expect((await read(user)).every((p) => p.inApp && p.email && !p.explicit)).toBe(true);
  });
});

describe("hostile requests", () => {
  it("answers every odd query, id and body with a 4xx problem, never a 5xx", async () => {
    const user = await signUp(app, "freelancer");
    const cursor = (key: unknown): string => Buffer.from(JSON.stringify(key)).toString("base64url");
    const queries = [
      "limit=Infinity",
      "limit=1e309",
      "limit=0",
      "limit=101",
      "limit=-1",
      "unread=maybe",
      "cursor=%00",
      `cursor=${cursor(["+275760-09-13T00:00:00.000Z", randomUUID()])}`,
      `cursor=${cursor(["2026-12-07T00:00:00.000Z", "not-a-uuid"])}`,
      `cursor=${cursor([1, 2])}`,
      `cursor=${"A".repeat(600)}`,
    ];
    const requests = [
      ...queries.map((query) => ({ method: "GET" as const, url: `/v1/notifications?${query}` })),
      { method: "POST" as const, url: "/v1/notifications/not-a-uuid/read" },
      { method: "POST" as const, url: "/v1/notifications/%00/read" },
      ...[
        "{",
        { preferences: [] },
        { preferences: [{ kind: "a\u0000b", inApp: true, email: true }] },
        { preferences: [{ kind: "\ud800", inApp: true, email: true }] },
        { preferences: [{ kind: "x".repeat(101), inApp: true, email: true }] },
        { preferences: [{ kind: "payout.paid", inApp: "yes", email: true }] },
        { preferences: Array.from({ length: 51 }, () => ({ kind: "*", inApp: true, email: true })) },
        { preferences: [{ kind: "payout.paid", inApp: true, email: true, extra: 1 }] },
      ].map((payload) => ({
        method: "PUT" as const,
        url: "/v1/notifications/preferences",
        payload,
        headers: { ...user.headers, "content-type": "application/json" },
      })),
    ];
    for (const request of requests) {
      const response = await app.inject({ headers: user.headers, ...request });
      expect(
        response.statusCode,
        `${request.method} ${request.url}: ${response.body}`,
      ).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBeLessThan(500);
      expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    }
  });
});
