// The money audit on the real PostgreSQL: the ledger audit's verdict and the counts of money held for review
// reach the metrics the alerts read (skillpod_ledger_audit_*, skillpod_money_held).
import { stackEnv } from "@skillpod/testkit";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { pino } from "pino";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLedger,
  createMoneyAuditMetrics,
  ledgerAuditRules,
  runMoneyAudit,
} from "../src/ledger/index.js";

const suffix = randomBytes(4).toString("hex");
const contractId = `c-audit-${suffix}`;
const log = pino({ level: "silent" });
let pool: pg.Pool;

async function gauge(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  const values = (await metric?.get())?.values ?? [];
  const found = values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
  if (!found) throw new Error(`no ${name} sample with ${JSON.stringify(labels)}`);
  return found.value;
}

async function heldPayouts(): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM payouts WHERE state = 'HELD'",
  );
  return rows[0]?.n ?? 0;
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 2 });
  await pool.query(
    `INSERT INTO contracts (id, workflow_id, client_id, freelancer_id, title, currency, platform_fee_bps, state)
     VALUES ($1, $2, 'u-audit-client', 'u-audit-freelancer', 'Money audit test', 'EUR', 1000, 'active')`,
    [contractId, `wf-${contractId}`],
  );
});

afterAll(async () => {
  await pool.query("DELETE FROM payouts WHERE contract_id = $1", [contractId]);
  await pool.query("DELETE FROM contracts WHERE id = $1", [contractId]);
  await pool.end();
});

describe("the money audit on PostgreSQL", () => {
  it("reports a consistent ledger: every rule at 0, a completed run and its time", async () => {
    expect(await auditLedger(pool)).toEqual([]);
    const registry = new Registry();
    const metrics = createMoneyAuditMetrics(registry);
    const before = Date.now() / 1000;
    await runMoneyAudit(pool, metrics, log);
    for (const rule of ledgerAuditRules) {
      expect(await gauge(registry, "skillpod_ledger_audit_violations", { rule })).toBe(0);
    }
    expect(ledgerAuditRules).toEqual([
      "transaction-balances",
      "balance-matches-entries",
      "no-negative-balance",
      "currency-sums-to-zero",
    ]);
    expect(await gauge(registry, "skillpod_ledger_audit_runs_total", { outcome: "consistent" })).toBe(1);
    expect(await gauge(registry, "skillpod_ledger_audit_runs_total", { outcome: "failed" })).toBe(0);
    expect(
      await gauge(registry, "skillpod_ledger_audit_last_completed_timestamp_seconds"),
    ).toBeGreaterThanOrEqual(before);
  });

  it("counts a payout the workflow held, and deposits and withdrawals held, by kind", async () => {
    const registry = new Registry();
    const metrics = createMoneyAuditMetrics(registry);
    await runMoneyAudit(pool, metrics, log);
    const heldBefore = await gauge(registry, "skillpod_money_held", { kind: "payout" });
    expect(heldBefore).toBe(await heldPayouts());
    // The row holdPayout leaves behind: the provider's answer never came.
    await pool.query(
      `INSERT INTO payouts (milestone_id, contract_id, freelancer_id, workflow_id, currency, gross_minor, fee_minor,
       net_minor, state, failure_code)
       VALUES ($1, $2, 'u-audit-freelancer', $3, 'EUR', 10000, 1000, 9000, 'HELD', 'SKP_PAYMENT_PROVIDER_UNAVAILABLE')`,
      [`${contractId}-m1`, contractId, `payout-${contractId}-m1`],
    );
    await runMoneyAudit(pool, metrics, log);
    expect(await gauge(registry, "skillpod_money_held", { kind: "payout" })).toBe(heldBefore + 1);
    expect(await gauge(registry, "skillpod_money_held", { kind: "deposit" })).toBeGreaterThanOrEqual(0);
    expect(await gauge(registry, "skillpod_money_held", { kind: "withdrawal" })).toBeGreaterThanOrEqual(0);
    expect(await gauge(registry, "skillpod_ledger_audit_runs_total", { outcome: "consistent" })).toBe(2);
  });
});
