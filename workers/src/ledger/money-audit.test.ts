import pg from "pg";
import { pino } from "pino";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createMoneyAuditMetrics, runMoneyAudit, startMoneyAudits } from "./money-audit.js";

const log = pino({ level: "silent" });
// Nothing listens on port 1: every query fails to connect, as with a database that is down.
const unreachable = (): pg.Pool =>
  new pg.Pool({
    connectionString: "postgresql://skillpod:x@127.0.0.1:1/skillpod",
    connectionTimeoutMillis: 500,
  });
const pools: pg.Pool[] = [];

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
});

describe("money audit metrics", () => {
  it("exports every audit outcome from the start, at 0, and no completion yet", async () => {
    const registry = new Registry();
    createMoneyAuditMetrics(registry);
    const text = await registry.metrics();
    for (const outcome of ["consistent", "violations", "failed"]) {
      expect(text).toContain(`skillpod_ledger_audit_runs_total{outcome="${outcome}"} 0`);
    }
    expect(text).toContain("skillpod_ledger_audit_last_completed_timestamp_seconds 0");
    expect(text).toContain("# TYPE skillpod_ledger_audit_violations gauge");
    expect(text).toContain("# TYPE skillpod_money_held gauge");
  });

  it("counts an audit the database could not answer as failed, and leaves the last completion alone", async () => {
    const registry = new Registry();
    const metrics = createMoneyAuditMetrics(registry);
    const pool = unreachable();
    pools.push(pool);
    await runMoneyAudit(pool, metrics, log);
    const text = await registry.metrics();
    expect(text).toContain('skillpod_ledger_audit_runs_total{outcome="failed"} 1');
    expect(text).toContain('skillpod_ledger_audit_runs_total{outcome="consistent"} 0');
    expect(text).toContain("skillpod_ledger_audit_last_completed_timestamp_seconds 0");
  });

  it("audits at once and again every interval until stopped", async () => {
    const registry = new Registry();
    const metrics = createMoneyAuditMetrics(registry);
    const pool = unreachable();
    pools.push(pool);
    const audits = startMoneyAudits(pool, metrics, { intervalMs: 50, log });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await audits.stop();
    const failed = (await metrics.runs.get()).values.find((v) => v.labels.outcome === "failed")?.value ?? 0;
    expect(failed).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = (await metrics.runs.get()).values.find((v) => v.labels.outcome === "failed")?.value;
    expect(after).toBe(failed);
  });
});
