// The money audit a payments worker runs on a timer, so that Prometheus can alert on what only the database
// knows: a ledger invariant broken (auditLedger) and payouts, deposits or withdrawals held for review because
// the provider's outcome is unknown. Each run is a handful of read-only queries; runs never overlap.
import type pg from "pg";
import type { Logger } from "pino";
import { Counter, Gauge, type Registry } from "prom-client";
import { auditLedger, ledgerAuditRules } from "./ledger-audit.js";

export type MoneyAuditMetrics = {
  violations: Gauge<"rule">;
  runs: Counter<"outcome">;
  lastCompleted: Gauge;
  held: Gauge<"kind">;
};

export type MoneyAudits = { stop: () => Promise<void> };

/** What a person must settle by hand, by kind; the queries name the states the workflows leave them in. */
const heldSql = `
  SELECT 'payout' AS kind, count(*)::int AS n FROM payouts WHERE state = 'HELD'
  UNION ALL
  SELECT 'deposit', count(*)::int FROM deposits WHERE state = 'PENDING' AND failure_code IS NOT NULL
  UNION ALL
  SELECT 'withdrawal', count(*)::int FROM withdrawals WHERE state = 'PENDING' AND failure_code IS NOT NULL`;

export function createMoneyAuditMetrics(registry: Registry): MoneyAuditMetrics {
  const registers = [registry];
  const metrics = {
    violations: new Gauge({
      name: "skillpod_ledger_audit_violations",
      help: "Subjects breaking each ledger invariant at the last completed audit (0 when the books are consistent).",
      labelNames: ["rule"],
      registers,
    }),
    runs: new Counter({
      name: "skillpod_ledger_audit_runs_total",
      help: "Ledger audits by outcome: consistent, violations, failed (the queries did not complete).",
      labelNames: ["outcome"],
      registers,
    }),
    lastCompleted: new Gauge({
      name: "skillpod_ledger_audit_last_completed_timestamp_seconds",
      help: "When the last ledger audit completed (consistent or not), in Unix seconds.",
      registers,
    }),
    held: new Gauge({
      name: "skillpod_money_held",
      help: "Payouts, deposits and withdrawals held for review (provider outcome unknown), by kind.",
      labelNames: ["kind"],
      registers,
    }),
  };
  for (const outcome of ["consistent", "violations", "failed"]) metrics.runs.inc({ outcome }, 0);
  return metrics;
}

/** One audit: sets the gauges, logs every violation at error level; a failure is counted and logged, not thrown. */
export async function runMoneyAudit(pool: pg.Pool, metrics: MoneyAuditMetrics, log: Logger): Promise<void> {
  try {
    const violations = await auditLedger(pool);
    const held = await pool.query<{ kind: string; n: number }>(heldSql);
    for (const rule of ledgerAuditRules) {
      metrics.violations.set({ rule }, violations.filter((v) => v.rule === rule).length);
    }
    for (const { kind, n } of held.rows) metrics.held.set({ kind }, n);
    metrics.runs.inc({ outcome: violations.length === 0 ? "consistent" : "violations" });
    metrics.lastCompleted.set(Date.now() / 1000);
    if (violations.length > 0)
      log.error({ violations }, `Ledger audit found ${violations.length} violations`);
  } catch (error) {
    metrics.runs.inc({ outcome: "failed" });
    log.warn({ err: error }, "Ledger audit failed; the next one retries");
  }
}

/** Audits now and then every `intervalMs` until stop(), which waits for a run in progress. */
export function startMoneyAudits(
  pool: pg.Pool,
  metrics: MoneyAuditMetrics,
  options: { intervalMs: number; log: Logger },
): MoneyAudits {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = runMoneyAudit(pool, metrics, options.log).then(() => {
      if (!stopped) timer = setTimeout(tick, options.intervalMs);
    });
  };
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
