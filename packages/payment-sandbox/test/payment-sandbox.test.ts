// The payment sandbox as a real HTTP server on real PostgreSQL: idempotency, faults, bad input.
import { randomBytes } from "node:crypto";
import { stackEnv, waitFor } from "@skillpod/testkit";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentSandbox } from "../src/index.js";
import type { PaymentSandbox, Payout } from "../src/index.js";

const databaseUrl = stackEnv("TEST_DATABASE_URL");
const log = pino({ level: "error" });
const suffix = randomBytes(4).toString("hex");
// Our own schema: nothing here can see or disturb anyone else's payouts or faults.
const schema = `payment_sandbox_t${suffix}`;

let sandbox: PaymentSandbox;
let baseUrl: string;
let db: pg.Pool;

const unique = (label: string): string => `${label}-${suffix}-${randomBytes(4).toString("hex")}`;

type Body = Record<string, unknown>;

function payoutBody(destination: string, overrides: Body = {}): Body {
  return {
    amountMinor: 12_500,
    currency: "EUR",
    destination,
    metadata: { contractId: "c_1", milestoneId: unique("m") },
    ...overrides,
  };
}

async function postPayout(
  key: string | undefined,
  body: Body | string,
  signal?: AbortSignal,
): Promise<{ status: number; body: Body; replayed: string | null }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== undefined) headers["idempotency-key"] = key;
  const res = await fetch(`${baseUrl}/v1/payouts`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return {
    status: res.status,
    body: (await res.json()) as Body,
    replayed: res.headers.get("idempotent-replayed"),
  };
}

async function addFault(fault: Body): Promise<Body> {
  const res = await fetch(`${baseUrl}/v1/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Body;
}

async function rowsForKey(key: string): Promise<number> {
  const result = await db.query(
    `SELECT count(*)::int AS n FROM "${schema}".payouts WHERE idempotency_key = $1`,
    [key],
  );
  return (result.rows[0] as { n: number }).n;
}

async function getJson(path: string): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${baseUrl}${path}`);
  return { status: res.status, body: (await res.json()) as Body };
}

beforeAll(async () => {
  db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  sandbox = await createPaymentSandbox({ databaseUrl, log, schema });
  baseUrl = await sandbox.app.listen({ host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await sandbox?.close();
  await db?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await db?.end();
});

describe("payment sandbox: payouts", () => {
  it("answers /healthz", async () => {
    expect(await getJson("/healthz")).toEqual({ status: 200, body: { status: "ok" } });
  });

  it("creates a payout once and replays it for the same key", async () => {
    const key = unique("key");
    const body = payoutBody(unique("fl"));
    const first = await postPayout(key, body);
    expect(first.status).toBe(201);
    expect(first.replayed).toBeNull();
    expect(first.body).toEqual({
      id: expect.stringMatching(/^po_[0-9a-f]{24}$/) as string,
      status: "paid",
      amountMinor: 12_500,
      currency: "EUR",
      destination: body.destination,
      metadata: body.metadata,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
    });

    // Key order does not make a different request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await postPayout(key, reordered);
    expect(again.status).toBe(200);
    expect(again.replayed).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await rowsForKey(key)).toBe(1);

    expect(await getJson(`/v1/payouts/${String(first.body.id)}`)).toEqual({ status: 200, body: first.body });
  });

  it("refuses a key reused with a different body", async () => {
    const key = unique("key");
    const body = payoutBody(unique("fl"));
    expect((await postPayout(key, body)).status).toBe(201);
    for (const changed of [
      { ...body, amountMinor: 12_501 },
      { ...body, currency: "USD" },
      { ...body, destination: unique("fl") },
      { ...body, metadata: { contractId: "c_1", milestoneId: "m_other" } },
    ]) {
      const res = await postPayout(key, changed);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe("idempotency_key_reused");
    }
    expect(await rowsForKey(key)).toBe(1);
  });

  it("creates exactly one payout for 50 concurrent identical requests", async () => {
    const key = unique("key");
    const body = payoutBody(unique("fl"));
    const results = await Promise.all(Array.from({ length: 50 }, () => postPayout(key, body)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.replayed === "true")).toHaveLength(49);
    expect(await rowsForKey(key)).toBe(1);
  });

  it("rejects bad input with 400 and stores nothing", async () => {
    const destination = unique("fl");
    const good = payoutBody(destination);
    const cases: { name: string; key?: string; body: Body | string }[] = [
      { name: "no key", key: undefined, body: good },
      { name: "empty key", key: "", body: good },
      { name: "zero amount", body: { ...good, amountMinor: 0 } },
      { name: "negative amount", body: { ...good, amountMinor: -5 } },
      { name: "fractional amount", body: { ...good, amountMinor: 1.5 } },
      { name: "amount as string", body: { ...good, amountMinor: "100" } },
      { name: "unsafe amount", body: { ...good, amountMinor: 2 ** 53 } },
      { name: "lower-case currency", body: { ...good, currency: "eur" } },
      { name: "long currency", body: { ...good, currency: "EURO" } },
      { name: "empty destination", body: { ...good, destination: "" } },
      { name: "no metadata", body: { amountMinor: 1, currency: "EUR", destination } },
      { name: "metadata array", body: { ...good, metadata: ["a"] } },
      { name: "metadata string", body: { ...good, metadata: "x" } },
      { name: "unknown field", body: { ...good, fee: 1 } },
      { name: "malformed JSON", body: "{not json" },
      { name: "JSON array", body: "[]" },
    ];
    for (const c of cases) {
      const key = "key" in c ? c.key : unique("bad");
      const res = await postPayout(key, c.body);
      expect({ name: c.name, status: res.status, code: res.body.code }).toEqual({
        name: c.name,
        status: 400,
        code: "invalid_request",
      });
    }
    const listed = await getJson(`/v1/payouts?destination=${destination}`);
    expect(listed.body.data).toEqual([]);
  });

  it("lists payouts by destination and by milestone, and 404s an unknown id", async () => {
    const destination = unique("fl");
    const milestoneId = unique("m");
    const a = await postPayout(unique("key"), payoutBody(destination, { metadata: { milestoneId } }));
    const b = await postPayout(unique("key"), payoutBody(destination));
    await postPayout(unique("key"), payoutBody(unique("fl"), { metadata: { milestoneId } }));

    const byDestination = await getJson(`/v1/payouts?destination=${destination}`);
    expect((byDestination.body.data as Payout[]).map((p) => p.id)).toEqual([a.body.id, b.body.id]);
    const byMilestone = await getJson(`/v1/payouts?milestoneId=${milestoneId}`);
    expect(byMilestone.body.data as Payout[]).toHaveLength(2);
    const both = await getJson(`/v1/payouts?destination=${destination}&milestoneId=${milestoneId}`);
    expect((both.body.data as Payout[]).map((p) => p.id)).toEqual([a.body.id]);

    const missing = await getJson("/v1/payouts/po_000000000000000000000000");
    expect(missing).toEqual({
      status: 404,
      body: { code: "not_found", message: expect.any(String) as string },
    });
  });
});

describe("payment sandbox: faults", () => {
  it("fail answers 503 without creating, once per count", async () => {
    const destination = unique("fl");
    await addFault({ mode: "fail", count: 2, destination });
    const key = unique("key");
    const body = payoutBody(destination);
    expect((await postPayout(key, body)).status).toBe(503);
    expect((await postPayout(key, body)).status).toBe(503);
    expect(await rowsForKey(key)).toBe(0);
    expect((await postPayout(key, body)).status).toBe(201);
    expect(await rowsForKey(key)).toBe(1);
  });

  it("decline answers 402 payout_declined without creating", async () => {
    const destination = unique("fl");
    await addFault({ mode: "decline", destination });
    const key = unique("key");
    const res = await postPayout(key, payoutBody(destination));
    expect(res.status).toBe(402);
    expect(res.body.code).toBe("payout_declined");
    expect(await rowsForKey(key)).toBe(0);
  });

  it("slow waits delayMs, then behaves normally", async () => {
    const destination = unique("fl");
    await addFault({ mode: "slow", delayMs: 600, destination });
    const started = performance.now();
    const res = await postPayout(unique("key"), payoutBody(destination));
    expect(res.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
  });

  it("timeout creates the payout, loses the response, and the retry replays it", async () => {
    const destination = unique("fl");
    await addFault({ mode: "timeout", delayMs: 5_000, destination });
    const key = unique("key");
    const body = payoutBody(destination);
    await expect(postPayout(key, body, AbortSignal.timeout(300))).rejects.toThrow(/aborted|timeout/i);
    // The response was lost, the payout was not.
    expect(await rowsForKey(key)).toBe(1);

    const started = performance.now();
    const retry = await postPayout(key, body);
    expect(retry.status).toBe(200);
    expect(retry.replayed).toBe("true");
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await rowsForKey(key)).toBe(1);
  });

  it("timeout holds the response for delayMs after the payout exists", async () => {
    const destination = unique("fl");
    await addFault({ mode: "timeout", delayMs: 1_500, destination });
    const key = unique("key");
    const started = performance.now();
    let settled = false;
    const pending = postPayout(key, payoutBody(destination)).finally(() => (settled = true));
    await waitFor("the held payout's row", async () => (await rowsForKey(key)) === 1, { intervalMs: 50 });
    expect(settled).toBe(false);
    const res = await pending;
    expect(res.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_490);
  });

  it("scopes a fault to its destination", async () => {
    const target = unique("fl");
    const bystander = unique("fl");
    await addFault({ mode: "fail", destination: target });
    expect((await postPayout(unique("key"), payoutBody(bystander))).status).toBe(201);
    const left = await getJson(`/v1/faults?destination=${target}`);
    expect(left.body.data).toEqual([
      expect.objectContaining({ mode: "fail", destination: target, remaining: 1 }),
    ]);
    expect((await postPayout(unique("key"), payoutBody(target))).status).toBe(503);
    expect((await postPayout(unique("key"), payoutBody(target))).status).toBe(201);
  });

  it("hands each use of a fault to exactly one of many concurrent requests", async () => {
    const destination = unique("fl");
    await addFault({ mode: "fail", count: 3, destination });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => postPayout(unique("key"), payoutBody(destination))),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
    expect(statuses.filter((s) => s === 201)).toHaveLength(9);
    expect((await getJson(`/v1/faults?destination=${destination}`)).body.data).toEqual([]);
  });

  it("waits for a fault another consumer holds rather than skipping it", async () => {
    const destination = unique("fl");
    const fault = await addFault({ mode: "fail", count: 1, destination });
    const holder = await db.connect();
    try {
      // Stands in for a concurrent request midway through taking a use of the same fault.
      await holder.query("BEGIN");
      await holder.query(`SELECT id FROM "${schema}".faults WHERE id = $1 FOR UPDATE`, [fault.id]);
      let settled = false;
      const pending = postPayout(unique("key"), payoutBody(destination)).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false);
      await holder.query("COMMIT");
      expect((await pending).status).toBe(503);
    } finally {
      // A failed assertion must not leave the row lock behind to block the schema's DROP.
      await holder.query("ROLLBACK");
      holder.release();
    }
  });

  it("deletes faults for one destination, then all", async () => {
    const one = unique("fl");
    const other = unique("fl");
    await addFault({ mode: "fail", count: 5, destination: one });
    await addFault({ mode: "fail", count: 5, destination: other });
    const scoped = await fetch(`${baseUrl}/v1/faults?destination=${one}`, { method: "DELETE" });
    expect(await scoped.json()).toEqual({ deleted: 1 });
    expect((await postPayout(unique("key"), payoutBody(one))).status).toBe(201);
    expect((await postPayout(unique("key"), payoutBody(other))).status).toBe(503);

    // Unscoped delete is safe here only because this schema is ours alone.
    const all = await fetch(`${baseUrl}/v1/faults`, { method: "DELETE" });
    expect(((await all.json()) as { deleted: number }).deleted).toBeGreaterThanOrEqual(1);
    expect((await postPayout(unique("key"), payoutBody(other))).status).toBe(201);
  });

  it("applies a fault without destination to every destination", async () => {
    await addFault({ mode: "decline", count: 1 });
    expect((await postPayout(unique("key"), payoutBody(unique("fl")))).status).toBe(402);
    expect((await postPayout(unique("key"), payoutBody(unique("fl")))).status).toBe(201);
  });

  it("rejects a bad fault", async () => {
    for (const fault of [
      { mode: "explode" },
      { mode: "fail", count: 0 },
      { mode: "slow", delayMs: -1 },
      {},
    ]) {
      const res = await fetch(`${baseUrl}/v1/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fault),
      });
      expect(res.status).toBe(400);
    }
  });
});

describe("payment sandbox: lifecycle", () => {
  it("starts concurrently on a fresh schema", async () => {
    const fresh = `payment_sandbox_c${randomBytes(4).toString("hex")}`;
    const started = await Promise.allSettled(
      Array.from({ length: 4 }, () => createPaymentSandbox({ databaseUrl, log, schema: fresh })),
    );
    try {
      expect(started.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
      const tables = await db.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
        [fresh],
      );
      expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual([
        "charges",
        "faults",
        "payouts",
      ]);
    } finally {
      await Promise.all(started.map((s) => (s.status === "fulfilled" ? s.value.close() : Promise.resolve())));
      await db.query(`DROP SCHEMA IF EXISTS "${fresh}" CASCADE`);
    }
  });

  it("uses the payment_sandbox schema by default", async () => {
    const defaultSandbox = await createPaymentSandbox({ databaseUrl, log });
    try {
      const found = await db.query(
        "SELECT to_regclass('payment_sandbox.payouts') AS payouts, to_regclass('payment_sandbox.faults') AS faults",
      );
      expect(found.rows[0]).toEqual({ payouts: "payment_sandbox.payouts", faults: "payment_sandbox.faults" });
    } finally {
      await defaultSandbox.close();
    }
  });

  it("closes promptly while a response is held, answering it first", async () => {
    const own = await createPaymentSandbox({ databaseUrl, log, schema });
    const url = await own.app.listen({ host: "127.0.0.1", port: 0 });
    const destination = unique("fl");
    await fetch(`${url}/v1/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mode: "timeout", destination }),
    });
    const key = unique("key");
    const pending = fetch(`${url}/v1/payouts`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(payoutBody(destination)),
    });
    await waitFor("the held payout's row", async () => (await rowsForKey(key)) === 1, { intervalMs: 50 });
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((await pending).status).toBe(201);
  });
});
