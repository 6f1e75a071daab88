// The audit trail against real PostgreSQL: the hash chain under concurrent writers (two app replicas), the
// automatic request auditing, queries, exports, tamper detection, and retention with signed checkpoints.
// Everything that reads or rewrites the whole chain runs in throwaway databases, so the shared test database
// (and other files or runs using it) is never affected.
import { GENESIS_HASH, chainHash, csvColumns, exportLines, type JsonObject } from "@skillpod/audit-format";
import { waitFor } from "@skillpod/testkit";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { execFile } from "node:child_process";
import { createPublicKey, generateKeyPairSync, randomBytes, verify as verifySignature } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  listAuditEvents,
  streamAuditEvents,
  type AuditEventView,
  type AuditPage,
} from "../src/audit/query.js";
import { archiveAuditEvents } from "../src/audit/retention.js";
import { checkpointPayload, createAuditSigner } from "../src/audit/signing.js";
import { verifyAuditChain } from "../src/audit/verify.js";
import type { AppendedEvent } from "../src/audit/writer.js";
import { SkpError } from "../src/errors/index.js";
import { buildApp } from "../src/index.js";
import {
  cloneDatabase,
  createMigratedDatabase,
  dropDatabase,
  type ScratchDatabase,
} from "./audit-database.js";
import { internalToken, testConfig } from "./app-harness.js";

const controlPlaneDir = fileURLToPath(new URL("..", import.meta.url));
const run = randomBytes(4).toString("hex");
const signingKeyPem = generateKeyPairSync("ed25519")
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();
const internal = { authorization: `Bearer ${internalToken}` };

/** The real app on a scratch database, plus a few fixture routes to drive the automatic auditing. */
async function buildAuditedApp(db: ScratchDatabase): Promise<FastifyInstance> {
  const app = await buildApp(
    testConfig({
      APP_DATABASE_URL: db.appUrl,
      AUDIT_SIGNING_KEY: signingKeyPem,
      RATE_LIMIT_DEFAULT_PER_MINUTE: "100000",
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
    }),
  );
  const config = { access: { internal: true as const } };
  app.post("/v1/test-fixtures/widgets/:widgetId", { config }, async (_request, reply) =>
    reply.code(201).send({ ok: true }),
  );
  app.delete("/v1/test-fixtures/widgets/:widgetId/resets/:resetToken", { config }, async (_request, reply) =>
    reply.code(204).send(),
  );
  app.put("/v1/test-fixtures/failing", { config }, () => {
    throw new Error("fixture failure");
  });
  app.get("/v1/test-fixtures/widgets/:widgetId", { config }, () => ({ ok: true }));
  await app.ready();
  return app;
}

type Row = Record<string, unknown>;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Rewrites rows as an attacker with the owner role would: with the append-only trigger off, atomically. */
async function tamper(owner: pg.Client, sql: string, params: unknown[]): Promise<void> {
  await owner.query("BEGIN");
  try {
    await owner.query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only");
    await owner.query(sql, params);
    await owner.query("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only");
    await owner.query("COMMIT");
  } catch (error) {
    await owner.query("ROLLBACK");
    throw error;
  }
}

function postEvent(app: FastifyInstance, body: object): Promise<LightMyRequestResponse> {
  return app.inject({ method: "POST", url: "/v1/internal/audit-events", headers: internal, payload: body });
}

async function eventByRequestId(app: FastifyInstance, requestId: string): Promise<Row | undefined> {
  const row = await app.prisma.auditEvent.findFirst({ where: { requestId } });
  return row ?? undefined;
}

/** RFC 4180, enough to read our own exports back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 1;
    } else cell += c;
  }
  return rows;
}

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const line of lines) text += line;
  return text;
}

async function failureCount(app: FastifyInstance): Promise<number> {
  const metrics = (await app.inject({ url: "/metrics" })).body;
  return Number(/^skillpod_audit_write_failures_total (\d+)$/m.exec(metrics)?.[1] ?? "NaN");
}

let main: ScratchDatabase;
let retention: ScratchDatabase;
let app: FastifyInstance;
let replica: FastifyInstance;
let owner: pg.Client;

beforeAll(async () => {
  main = await createMigratedDatabase();
  retention = await cloneDatabase(main);
  [app, replica] = await Promise.all([buildAuditedApp(main), buildAuditedApp(main)]);
  owner = await connect(main.ownerUrl);
});

afterAll(async () => {
  await Promise.allSettled([app?.close(), replica?.close(), owner?.end()]);
  await Promise.allSettled([main && dropDatabase(main), retention && dropDatabase(retention)]);
});

describe("the audit hash chain", () => {
  it("appends posted events to the chain from the genesis hash, and verify recomputes it", async () => {
    const posted: { id: string; hash: string; occurredAt: string }[] = [];
    for (const action of ["contract.created", "contract.funded", "payout.released"]) {
      const response = await postEvent(app, {
        actorType: "workflow",
        actorId: `wf-${run}`,
        action,
        target: { type: "contract", id: `c-${run}` },
        outcome: "success",
        details: { amount: { minor: 12_500, currency: "EUR" }, note: "ünïcødé ✓" },
      });
      expect(response.statusCode, response.body).toBe(201);
      posted.push(response.json());
    }
    const rows = await app.prisma.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.id.toString())).toEqual(posted.map((p) => p.id));
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    for (const [i, row] of rows.entries()) {
      expect(row.prevHash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1]?.hash);
      expect(chainHash(row.prevHash, { ...row, details: row.details as JsonObject })).toBe(row.hash);
      expect(row).toMatchObject({ actorType: "workflow", targetType: "contract", ip: "127.0.0.1" });
    }
    expect(await verifyAuditChain(app.prisma, app.auditSigner)).toEqual({
      valid: true,
      checked: 3,
      lastHash: posted[2]?.hash,
      checkpoints: 0,
    });
  });

  it("validates posted events and refuses callers without the internal token", async () => {
    const base = { actorType: "workflow", action: `validation.${run}`, outcome: "success" };
    const expectProblem = async (body: object, status: number, code: string): Promise<void> => {
      const response = await postEvent(app, body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json()).toMatchObject({ code });
    };
    await expectProblem({ ...base, actorType: "user" }, 400, "SKP_VALIDATION_FAILED");
    await expectProblem({ ...base, prevHash: GENESIS_HASH }, 400, "SKP_VALIDATION_FAILED");
    await expectProblem({ ...base, action: "bad\naction" }, 400, "SKP_VALIDATION_FAILED");
    await expectProblem({ ...base, details: { blob: "x".repeat(8200) } }, 422, "SKP_AUDIT_DETAILS_TOO_LARGE");
    await expectProblem({ ...base, details: { nul: "a\u0000b" } }, 422, "SKP_AUDIT_INVALID_DETAILS");
    const anonymous = await app.inject({ method: "POST", url: "/v1/internal/audit-events", payload: base });
    expect(anonymous.statusCode).toBe(401);
    expect(await app.prisma.auditEvent.count({ where: { action: base.action } })).toBe(0);
    // Just under the limit is fine.
    const fits = await postEvent(app, { ...base, details: { blob: "x".repeat(8000) } });
    expect(fits.statusCode, fits.body).toBe(201);
  });

  it("records every state-changing request: actor, route, target, outcome; never bodies or secrets", async () => {
    const widget = `w-${run}`;
    const created = await app.inject({
      method: "POST",
      url: `/v1/test-fixtures/widgets/${widget}`,
      headers: internal,
      payload: { password: `hunter2-${run}` },
    });
    expect(created.statusCode).toBe(201);
    const event = await waitFor("the POST's audit event", () =>
      eventByRequestId(app, String(created.headers["x-request-id"])),
    );
    expect(event).toMatchObject({
      actorType: "service",
      actorId: "platform",
      action: "POST /v1/test-fixtures/widgets/:widgetId",
      targetType: "widgets",
      targetId: widget,
      ip: "127.0.0.1",
      outcome: "success",
      details: { statusCode: 201 },
    });
    expect(JSON.stringify(event, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(
      "hunter2",
    );

    const denied = await app.inject({ method: "POST", url: `/v1/test-fixtures/widgets/${widget}` });
    expect(denied.statusCode).toBe(401);
    expect(
      await waitFor("the denied POST's event", () =>
        eventByRequestId(app, String(denied.headers["x-request-id"])),
      ),
    ).toMatchObject({ actorType: "anonymous", actorId: null, outcome: "denied", targetId: widget });

    const secret = `reset-${run}-secret`;
    const deleted = await app.inject({
      method: "DELETE",
      url: `/v1/test-fixtures/widgets/${widget}/resets/${secret}`,
      headers: internal,
    });
    expect(deleted.statusCode).toBe(204);
    const deletion = await waitFor("the DELETE's event", () =>
      eventByRequestId(app, String(deleted.headers["x-request-id"])),
    );
    expect(deletion).toMatchObject({ targetType: "widgets", targetId: widget, outcome: "success" });
    expect(
      JSON.stringify(deletion, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
    ).not.toContain(secret);

    const failed = await app.inject({ method: "PUT", url: "/v1/test-fixtures/failing", headers: internal });
    expect(failed.statusCode).toBe(500);
    expect(
      await waitFor("the failed PUT's event", () =>
        eventByRequestId(app, String(failed.headers["x-request-id"])),
      ),
    ).toMatchObject({ action: "PUT /v1/test-fixtures/failing", outcome: "failure", targetId: null });

    // Reads and unmatched routes are not recorded.
    const read = await app.inject({ url: `/v1/test-fixtures/widgets/${widget}`, headers: internal });
    const unmatched = await app.inject({ method: "POST", url: `/v1/nothing/${widget}`, headers: internal });
    expect([read.statusCode, unmatched.statusCode]).toEqual([200, 404]);
    await sleep(300);
    expect(await eventByRequestId(app, String(read.headers["x-request-id"]))).toBeUndefined();
    expect(await eventByRequestId(app, String(unmatched.headers["x-request-id"]))).toBeUndefined();
    expect((await verifyAuditChain(app.prisma, app.auditSigner)).valid).toBe(true);
  });

  it("finishes audit writes still in flight when the app closes", async () => {
    const closing = await buildAuditedApp(main);
    const widget = `closing-${run}`;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        closing.inject({ method: "POST", url: `/v1/test-fixtures/widgets/${widget}`, headers: internal }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(5).fill(201));
    await closing.close();
    expect(await app.prisma.auditEvent.count({ where: { targetId: widget } })).toBe(5);
  });

  it("keeps one chain when 50 requests race on two app replicas", async () => {
    const action = `concurrency.${run}`;
    const before = await app.prisma.auditEvent.count();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postEvent(i % 2 === 0 ? app : replica, {
          actorType: "system",
          action,
          target: { type: "slot", id: String(i) },
          outcome: "success",
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    expect(await app.prisma.auditEvent.count({ where: { action } })).toBe(50);
    expect(await app.prisma.auditEvent.count()).toBe(before + 50);
    const forks = await owner.query(
      "SELECT prev_hash, count(*) FROM audit_events GROUP BY prev_hash HAVING count(*) > 1",
    );
    expect(forks.rows).toEqual([]);
    const verdict = await verifyAuditChain(replica.prisma, replica.auditSigner);
    expect(verdict).toMatchObject({ valid: true, checked: before + 50 });
  });

  it("filters events and walks every page with an opaque cursor, in both orders", async () => {
    const action = `query.${run}`;
    const seeded: AppendedEvent[] = [];
    for (let i = 0; i < 23; i += 1) {
      seeded.push(
        await app.audit.append({
          actorType: "operator",
          actorId: i % 3 === 0 ? `alice-${run}` : `bob-${run}`,
          action,
          targetType: i % 2 === 0 ? "document" : "folder",
          targetId: `t-${i % 4}`,
          outcome: "success",
        }),
      );
      if (i === 9 || i === 15) await sleep(5); // distinct timestamps at the range boundaries
    }
    const ids = seeded.map((e) => e.id.toString());

    const walk = async (order: "asc" | "desc"): Promise<{ ids: string[]; pages: number }> => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listAuditEvents(app.prisma, {
          filters: { action },
          order,
          limit: 5,
          ...(cursor ? { cursor } : {}),
        });
        pages += 1;
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
        expect(page.items.length).toBe(cursor ? 5 : 3);
      } while (cursor);
      return { ids: seen, pages };
    };
    expect(await walk("desc")).toEqual({ ids: [...ids].reverse(), pages: 5 });
    expect(await walk("asc")).toEqual({ ids, pages: 5 });

    const count = async (filters: object): Promise<number> =>
      (await listAuditEvents(app.prisma, { filters: { action, ...filters }, order: "asc", limit: 200 })).items
        .length;
    expect(await count({ actor: `alice-${run}` })).toBe(8);
    expect(await count({ targetType: "document", targetId: "t-0" })).toBe(6);
    expect(await count({ targetType: "folder" })).toBe(11);
    const from = seeded[10]?.occurredAt;
    const to = seeded[16]?.occurredAt;
    expect(await count({ from, to })).toBe(6);
    expect(await count({ from })).toBe(13);

    await expect(
      listAuditEvents(app.prisma, { filters: {}, order: "asc", limit: 5, cursor: "bm90LWFuLWlk" }),
    ).rejects.toMatchObject({ code: "SKP_AUDIT_INVALID_CURSOR", status: 422 });
    await expect(
      listAuditEvents(app.prisma, { filters: { from: to, to: from }, order: "asc", limit: 5 }),
    ).rejects.toBeInstanceOf(SkpError);
  });

  it("exports NDJSON and CSV, escaping quotes, commas and newlines and defusing formulas", async () => {
    const action = `export.${run}`;
    const nasty = {
      actorType: "operator",
      actorId: "=cmd|' /C calc'!A0",
      action,
      targetType: "report",
      targetId: "+1,2",
      outcome: "failure",
      details: { note: 'he said "hi",\nthen left', cell: "@SUM(A1)" },
    };
    await app.audit.append(nasty);
    await app.audit.append({ actorType: "operator", actorId: "-2", action, outcome: "success" });
    const expected = (await listAuditEvents(app.prisma, { filters: { action }, order: "asc", limit: 10 }))
      .items;

    const ndjson = await collect(exportLines(streamAuditEvents(app.prisma, { action }, "asc", 1), "ndjson"));
    expect(ndjson.endsWith("\n")).toBe(true);
    expect(
      ndjson
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as AuditEventView),
    ).toEqual(expected);

    const csv = await collect(exportLines(streamAuditEvents(app.prisma, { action }, "asc", 1), "csv"));
    const [header, first, second, ...rest] = parseCsv(csv);
    expect(header).toEqual([...csvColumns]);
    expect(rest).toEqual([]);
    const cell = (row: string[] | undefined, column: (typeof csvColumns)[number]): string | undefined =>
      row?.[csvColumns.indexOf(column)];
    expect(cell(first, "actorId")).toBe("'=cmd|' /C calc'!A0");
    expect(cell(first, "targetId")).toBe("'+1,2");
    expect(cell(first, "id")).toBe(expected[0]?.id);
    expect(JSON.parse(cell(first, "details") ?? "")).toEqual(nasty.details);
    expect(cell(second, "actorId")).toBe("'-2");
    expect(cell(second, "targetType")).toBe("");
    expect(csv).toContain(`"'+1,2"`);
  });

  it("names exactly the tampered row as the first broken link; the app role cannot rewrite rows", async () => {
    const rows = await app.prisma.auditEvent.findMany({ orderBy: { id: "asc" }, take: 5 });
    const victim = rows[2];
    const next = rows[3];
    if (!victim || !next) throw new Error("expected seeded events");
    try {
      await tamper(owner, "UPDATE audit_events SET action = 'payout.cancelled' WHERE id = $1", [victim.id]);
      expect(await verifyAuditChain(app.prisma, app.auditSigner)).toMatchObject({
        valid: false,
        firstBrokenId: victim.id.toString(),
        reason: "hash_mismatch",
      });
      // A careful attacker recomputes the row's own hash: then the next row's link gives it away.
      const forged = chainHash(victim.prevHash, {
        ...victim,
        action: "payout.cancelled",
        details: victim.details as JsonObject,
      });
      await tamper(owner, "UPDATE audit_events SET hash = $2 WHERE id = $1", [victim.id, forged]);
      expect(await verifyAuditChain(app.prisma, app.auditSigner)).toMatchObject({
        valid: false,
        firstBrokenId: next.id.toString(),
        reason: "prev_hash_mismatch",
      });
    } finally {
      await tamper(owner, "UPDATE audit_events SET action = $2, hash = $3 WHERE id = $1", [
        victim.id,
        victim.action,
        victim.hash,
      ]);
    }
    expect((await verifyAuditChain(app.prisma, app.auditSigner)).valid).toBe(true);

    await expect(
      app.prisma.$executeRaw`UPDATE audit_events SET action = 'x' WHERE id = ${victim.id}`,
    ).rejects.toThrow(/permission denied/);
    await expect(app.prisma.$executeRaw`DELETE FROM audit_events WHERE id = ${victim.id}`).rejects.toThrow(
      /permission denied/,
    );
  });

  it("counts a failed audit write and still answers the request", async () => {
    const before = await failureCount(app);
    await owner.query("REVOKE INSERT ON audit_events FROM skillpod_app");
    try {
      const response = await app.inject({
        method: "POST",
        url: `/v1/test-fixtures/widgets/unrecorded-${run}`,
        headers: internal,
      });
      expect(response.statusCode).toBe(201);
      await waitFor("the failure counter", async () => (await failureCount(app)) === before + 1, {
        timeoutMs: 10_000,
      });
      // A service posting an event hears about the failure, so it can retry.
      const posted = await postEvent(app, { actorType: "system", action: `lost.${run}`, outcome: "success" });
      expect(posted.statusCode).toBe(500);
      expect(posted.json()).toMatchObject({ code: "SKP_INTERNAL" });
      expect(await failureCount(app)).toBe(before + 2);
    } finally {
      await owner.query("GRANT INSERT ON audit_events TO skillpod_app");
    }
    expect(await app.prisma.auditEvent.count({ where: { targetId: `unrecorded-${run}` } })).toBe(0);
    expect((await verifyAuditChain(app.prisma, app.auditSigner)).valid).toBe(true);
  });
});

/** A real account, signed in through the real login; roles other than the derived ones are granted by SQL. */
async function signIn(role: "admin" | "auditor" | undefined): Promise<{ token: string; userId: string }> {
  const email = `audit-${role ?? "freelancer"}-${randomBytes(6).toString("hex")}@audit.test`;
  const password = `correct horse ${run} staple`;
  const registered = await app.inject({
    method: "POST",
    url: "/v1/auth/register",
    payload: { email, password, accountType: "FREELANCER", displayName: "Audit Tester" },
  });
  expect(registered.statusCode, registered.body).toBe(201);
  const userId = registered.json<{ id: string }>().id;
  if (role) await owner.query("UPDATE users SET roles = ARRAY[$2] WHERE id = $1", [userId, role]);
  const login = await app.inject({ method: "POST", url: "/v1/auth/login", payload: { email, password } });
  expect(login.statusCode, login.body).toBe(200);
  return { token: login.json<{ accessToken: string }>().accessToken, userId };
}

describe("the audit API over HTTP, as admins, auditors and other users", () => {
  let admin: { token: string; userId: string };
  let auditor: { token: string; userId: string };
  let freelancer: { token: string; userId: string };
  const as = (who: { token: string }): Record<string, string> => ({ authorization: `Bearer ${who.token}` });

  beforeAll(async () => {
    [admin, auditor, freelancer] = await Promise.all([signIn("admin"), signIn("auditor"), signIn(undefined)]);
  });

  it("refuses users without the admin or auditor role, and users on the internal route", async () => {
    for (const url of ["/v1/audit/events", "/v1/audit/export", "/v1/audit/verify", "/v1/audit/signing-key"]) {
      const response = await app.inject({ url, headers: as(freelancer) });
      expect(response.statusCode, url).toBe(403);
      expect(response.json()).toMatchObject({ code: "SKP_FORBIDDEN" });
    }
    const posted = await app.inject({
      method: "POST",
      url: "/v1/internal/audit-events",
      headers: as(admin),
      payload: { actorType: "system", action: `forged.${run}`, outcome: "success" },
    });
    expect(posted.statusCode).toBe(403);
    expect(await app.prisma.auditEvent.count({ where: { action: `forged.${run}` } })).toBe(0);
  });

  it("pages through filtered events with nextCursor until it is null", async () => {
    const action = `query.${run}`;
    const walk = async (order: string): Promise<string[]> => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const query = new URLSearchParams({ action, order, limit: "5", ...(cursor ? { cursor } : {}) });
        const response: LightMyRequestResponse = await app.inject({
          url: `/v1/audit/events?${query.toString()}`,
          headers: as(auditor),
        });
        expect(response.statusCode, response.body).toBe(200);
        const page: AuditPage = response.json();
        ids.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    const newestFirst = await walk("desc");
    expect(newestFirst).toHaveLength(23);
    expect(new Set(newestFirst).size).toBe(23);
    expect(await walk("asc")).toEqual([...newestFirst].reverse());

    const byDefault = await app.inject({ url: `/v1/audit/events?action=${action}`, headers: as(admin) });
    expect(byDefault.json<{ items: unknown[]; nextCursor: null }>()).toMatchObject({ nextCursor: null });
    expect(byDefault.json<{ items: AuditEventView[] }>().items[0]?.id).toBe(newestFirst[0]);

    const problem = async (query: string): Promise<[number, string]> => {
      const response = await app.inject({ url: `/v1/audit/events?${query}`, headers: as(auditor) });
      return [response.statusCode, response.json<{ code: string }>().code];
    };
    expect(await problem("limit=201")).toEqual([400, "SKP_VALIDATION_FAILED"]);
    expect(await problem("from=yesterday")).toEqual([400, "SKP_VALIDATION_FAILED"]);
    expect(await problem("cursor=bm9wZQ")).toEqual([422, "SKP_AUDIT_INVALID_CURSOR"]);
    expect(await problem("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")).toEqual([
      422,
      "SKP_AUDIT_INVALID_RANGE",
    ]);
  });

  it("streams exports as NDJSON and CSV attachments, and records who exported", async () => {
    const action = `export.${run}`;
    const ndjson = await app.inject({ url: `/v1/audit/export?action=${action}`, headers: as(admin) });
    expect(ndjson.statusCode, ndjson.body).toBe(200);
    expect(ndjson.headers["content-type"]).toBe("application/x-ndjson; charset=utf-8");
    expect(ndjson.headers["content-disposition"]).toMatch(/^attachment; filename="audit-events-.*\.ndjson"$/);
    const events = ndjson.body
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as AuditEventView);
    expect(events.map((e) => e.actorId)).toEqual(["=cmd|' /C calc'!A0", "-2"]);

    const csv = await app.inject({
      url: `/v1/audit/export?format=csv&action=${action}`,
      headers: as(auditor),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const rows = parseCsv(csv.body);
    expect(rows).toHaveLength(3);
    expect(rows[1]?.[csvColumns.indexOf("actorId")]).toBe("'=cmd|' /C calc'!A0");

    const exports = await app.prisma.auditEvent.findMany({
      where: { action: "audit.export" },
      orderBy: { id: "asc" },
    });
    expect(exports.map((e) => [e.actorType, e.actorId, (e.details as { format: string }).format])).toEqual([
      ["user", admin.userId, "ndjson"],
      ["user", auditor.userId, "csv"],
    ]);
  });

  it("verifies the chain and publishes the checkpoint key", async () => {
    const verdict = await app.inject({ url: "/v1/audit/verify", headers: as(auditor) });
    expect(verdict.statusCode).toBe(200);
    const count = await app.prisma.auditEvent.count();
    const last = await app.prisma.auditEvent.findFirst({ orderBy: { id: "desc" } });
    expect(verdict.json()).toEqual({ valid: true, checked: count, lastHash: last?.hash, checkpoints: 0 });
    const jwks = await app.inject({ url: "/v1/audit/signing-key", headers: as(admin) });
    expect(jwks.json()).toEqual({ keys: [app.auditSigner.publicJwk] });
  });

  it("recorded the sign-ups and logins themselves, without their passwords", async () => {
    const rows = await app.prisma.auditEvent.findMany({
      where: { action: { in: ["POST /v1/auth/register", "POST /v1/auth/login"] } },
    });
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.every((row) => row.outcome === "success" && row.actorType === "anonymous")).toBe(true);
    expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(
      "correct horse",
    );
  });
});

describe("the audit API's access rules", () => {
  const reads = [
    "/v1/audit/events",
    "/v1/audit/export?format=csv",
    "/v1/audit/verify",
    "/v1/audit/signing-key",
  ];

  it("refuses anonymous callers and platform services on the admin/auditor routes", async () => {
    for (const url of reads) {
      const anonymous = await app.inject({ url });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.json()).toMatchObject({ code: "SKP_UNAUTHENTICATED" });
      const service = await app.inject({ url, headers: internal });
      expect(service.statusCode, url).toBe(403);
      expect(service.json()).toMatchObject({ code: "SKP_FORBIDDEN" });
    }
  });

  it("documents the routes in OpenAPI", async () => {
    const spec = (await app.inject({ url: "/docs/openapi.json" })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/v1/internal/audit-events",
        "/v1/audit/events",
        "/v1/audit/export",
        "/v1/audit/verify",
        "/v1/audit/signing-key",
      ]),
    );
  });
});

describe("audit retention", () => {
  let retained: FastifyInstance;
  let retainedOwner: pg.Client;
  const signer = createAuditSigner(signingKeyPem);
  const append = (action: string): Promise<AppendedEvent> =>
    retained.audit.append({ actorType: "system", action, outcome: "success" });
  const eventCount = async (): Promise<number> =>
    Number((await retainedOwner.query<{ n: string }>("SELECT count(*) AS n FROM audit_events")).rows[0]?.n);

  beforeAll(async () => {
    retained = await buildAuditedApp(retention);
    retainedOwner = await connect(retention.ownerUrl);
  });
  afterAll(async () => {
    await Promise.allSettled([retained?.close(), retainedOwner?.end()]);
  });

  it("archives a prefix to NDJSON, signs a checkpoint, deletes the rows, and verify continues from it", async () => {
    const events: AppendedEvent[] = [];
    for (let i = 0; i < 6; i += 1) {
      if (i === 4) await sleep(20);
      events.push(await append(`retention.${i}`));
    }
    const archive = new PassThrough();
    let text = "";
    archive.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    const progress: number[] = [];
    const result = await archiveAuditEvents({
      before: events[4]?.occurredAt ?? new Date(0),
      ownerDatabaseUrl: retention.ownerUrl,
      signer,
      archive,
      pageSize: 3,
      onProgress: (n) => progress.push(n),
    });
    expect(result.archivedCount).toBe(4);
    expect(progress).toEqual([3, 4]);
    const archived = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as AuditEventView);
    expect(archived.map((e) => [e.id, e.hash, e.prevHash])).toEqual(
      events.slice(0, 4).map((e) => [e.id.toString(), e.hash, e.prevHash]),
    );
    const checkpoint = result.checkpoint;
    expect(checkpoint).toMatchObject({
      upToEventId: events[3]?.id.toString(),
      lastHash: events[3]?.hash,
      archivedCount: 4,
      keyId: retained.auditSigner.keyId,
    });
    // Anyone with the public JWK can check the signature, independently of our code.
    const publicKey = createPublicKey({ key: retained.auditSigner.publicJwk, format: "jwk" });
    const claims = {
      upToEventId: BigInt(checkpoint?.upToEventId ?? 0),
      lastHash: checkpoint?.lastHash ?? "",
      archivedCount: checkpoint?.archivedCount ?? 0,
      keyId: checkpoint?.keyId ?? "",
      createdAt: new Date(checkpoint?.createdAt ?? 0),
    };
    expect(
      verifySignature(
        null,
        checkpointPayload(claims),
        publicKey,
        Buffer.from(checkpoint?.signature ?? "", "base64url"),
      ),
    ).toBe(true);

    expect(await eventCount()).toBe(2);
    expect(await verifyAuditChain(retained.prisma, retained.auditSigner)).toEqual({
      valid: true,
      checked: 2,
      lastHash: events[5]?.hash,
      checkpoints: 1,
    });
    const later = await append("retention.later");
    expect(later.prevHash).toBe(events[5]?.hash);
    expect(await verifyAuditChain(retained.prisma, retained.auditSigner)).toMatchObject({
      valid: true,
      checked: 3,
    });

    // Running again with the same cutoff finds nothing more to do.
    const again = await archiveAuditEvents({
      before: events[4]?.occurredAt ?? new Date(0),
      ownerDatabaseUrl: retention.ownerUrl,
      signer,
    });
    expect(again).toEqual({ archivedCount: 0, checkpoint: null, events: [] });
  });

  it("archives the whole chain; the next event links to the checkpoint's lastHash", async () => {
    await sleep(5);
    const result = await archiveAuditEvents({
      before: new Date(),
      ownerDatabaseUrl: retention.ownerUrl,
      signer,
    });
    expect(result.archivedCount).toBe(3);
    expect(result.events.map((e) => e.action)).toEqual(["retention.4", "retention.5", "retention.later"]);
    expect(await eventCount()).toBe(0);
    expect(await verifyAuditChain(retained.prisma, retained.auditSigner)).toEqual({
      valid: true,
      checked: 0,
      lastHash: result.checkpoint?.lastHash,
      checkpoints: 2,
    });
    const next = await append("retention.after-empty");
    expect(next.prevHash).toBe(result.checkpoint?.lastHash);
    expect(await verifyAuditChain(retained.prisma, retained.auditSigner)).toMatchObject({
      valid: true,
      checked: 1,
    });
  });

  it("rejects a checkpoint whose signature was forged, or made with another key", async () => {
    const [latest] = (await retainedOwner.query("SELECT * FROM audit_checkpoints ORDER BY id DESC LIMIT 1"))
      .rows as {
      id: string;
      signature: string;
      key_id: string;
      last_hash: string;
    }[];
    if (!latest) throw new Error("expected a checkpoint");
    const forger = createAuditSigner(undefined);
    try {
      // Rewriting history means rewriting lastHash, which needs a signature the attacker cannot make.
      await retainedOwner.query("UPDATE audit_checkpoints SET last_hash = $2, signature = $3 WHERE id = $1", [
        latest.id,
        "f".repeat(64),
        forger.sign({
          upToEventId: 1n,
          lastHash: "f".repeat(64),
          archivedCount: 1,
          keyId: latest.key_id,
          createdAt: new Date(),
        }),
      ]);
      expect(await verifyAuditChain(retained.prisma, retained.auditSigner)).toEqual({
        valid: false,
        firstBrokenId: null,
        checkpointId: latest.id,
        reason: "checkpoint_signature_invalid",
        checked: 0,
      });
      await retainedOwner.query("UPDATE audit_checkpoints SET key_id = $2 WHERE id = $1", [
        latest.id,
        forger.keyId,
      ]);
      expect(await verifyAuditChain(retained.prisma, retained.auditSigner)).toMatchObject({
        valid: false,
        reason: "checkpoint_unknown_key",
      });
    } finally {
      await retainedOwner.query(
        "UPDATE audit_checkpoints SET last_hash = $2, signature = $3, key_id = $4 WHERE id = $1",
        [latest.id, latest.last_hash, latest.signature, latest.key_id],
      );
    }
    expect((await verifyAuditChain(retained.prisma, retained.auditSigner)).valid).toBe(true);
  });

  it("refuses to archive a broken chain, without the owner role, or without a configured key", async () => {
    await append("retention.guard.1");
    await append("retention.guard.2");
    const [victim] = (await retainedOwner.query("SELECT id, action FROM audit_events ORDER BY id LIMIT 1"))
      .rows as {
      id: string;
      action: string;
    }[];
    if (!victim) throw new Error("expected events");
    await sleep(5);
    const before = new Date();
    const count = await eventCount();
    try {
      await tamper(retainedOwner, "UPDATE audit_events SET outcome = 'denied' WHERE id = $1", [victim.id]);
      await expect(
        archiveAuditEvents({ before, ownerDatabaseUrl: retention.ownerUrl, signer }),
      ).rejects.toMatchObject({ code: "SKP_AUDIT_CHAIN_BROKEN" });
      expect(await eventCount()).toBe(count);
    } finally {
      await tamper(retainedOwner, "UPDATE audit_events SET outcome = 'success' WHERE id = $1", [victim.id]);
    }
    await expect(
      archiveAuditEvents({ before, ownerDatabaseUrl: retention.appUrl, signer }),
    ).rejects.toMatchObject({
      code: "SKP_AUDIT_OWNER_REQUIRED",
    });
    await expect(
      archiveAuditEvents({
        before,
        ownerDatabaseUrl: retention.ownerUrl,
        signer: createAuditSigner(undefined),
      }),
    ).rejects.toMatchObject({ code: "SKP_AUDIT_SIGNING_KEY_REQUIRED" });
    expect(await eventCount()).toBe(count);
    expect(
      (await retainedOwner.query<{ n: string }>("SELECT count(*) AS n FROM audit_checkpoints")).rows[0]?.n,
    ).toBe("2");
    expect((await verifyAuditChain(retained.prisma, retained.auditSigner)).valid).toBe(true);
  });

  it("runs from the CLI: writes the archive file, prints progress, never overwrites an archive", async () => {
    const dir = await mkdtemp(join(tmpdir(), "audit-archive-"));
    const cli = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        execFile(
          join(controlPlaneDir, "..", "node_modules", ".bin", "tsx"),
          ["src/audit/retention-cli.ts", ...args],
          {
            cwd: controlPlaneDir,
            env: { ...process.env, DATABASE_URL: retention.ownerUrl, AUDIT_SIGNING_KEY: signingKeyPem },
            timeout: 60_000,
          },
          (error, stdout, stderr) =>
            resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
        );
      });
    try {
      await sleep(5);
      const path = join(dir, "audit.ndjson");
      const count = await eventCount();
      const done = await cli(["--before", new Date().toISOString(), "--archive", path]);
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toMatch(
        new RegExp(`^archived ${count} events \\(up to #\\d+\\) to .*audit\\.ndjson; checkpoint #\\d+ `),
      );
      expect(done.stderr).toContain(`archived ${count} events so far`);
      const lines = (await readFile(path, "utf8")).trim().split("\n");
      expect(lines.map((line) => (JSON.parse(line) as AuditEventView).action)).toContain("retention.guard.2");
      expect(await eventCount()).toBe(0);

      const refused = await cli(["--before", "2020-01-01", "--archive", path]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/EEXIST/);
      const usage = await cli(["--before", "not-a-date", "--archive", path]);
      expect(usage.code).toBe(2);
      expect(await verifyAuditChain(retained.prisma, retained.auditSigner)).toMatchObject({
        valid: true,
        checkpoints: 3,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
