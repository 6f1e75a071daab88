// The money the workers move, from two sources: the money activities' outcomes (escrow, payouts, deposits,
// withdrawals, by activity name) and the payments worker's periodic audit of the database (ledger invariants,
// money held for review), which is what only the database knows.
import { stat, timeseries, type PanelBuilder } from "../panel-builders.js";
import { rateWindow } from "./process-panels.js";

/** Activities that move money between ledger accounts (and the rows beside them) in one transaction. */
const ledgerMoves =
  "fundMilestoneEscrow|refundMilestoneEscrow|releaseEscrowForPayout|postDeposit|debitWithdrawal|compensatePayout|compensateWithdrawal";
/** Activities that call the payment provider. */
const providerCalls = "chargeDeposit|sendPayout|sendWithdrawal";

const alarm = [
  { from: 0, color: "green" },
  { from: 1, color: "red" },
];

/**
 * Stats for the overview row. `s` selects activity series (with the task queue), `process` the audit's,
 * which belong to the process, not to a task queue.
 */
export function moneyOverview(s: string, process: string): PanelBuilder[] {
  return [
    stat(
      "Payouts sent",
      "Payouts the provider accepted over the time range.",
      [
        {
          expr: `sum(increase(skillpod_worker_activities_total{${s}, activity_type="sendPayout", outcome="completed"}[$__range]))`,
        },
      ],
      { unit: "none", width: 4 },
    ),
    stat(
      "Money held for review",
      "Payouts, deposits and withdrawals whose provider outcome is unknown: each needs a person (runbook: SkillPodPayoutsHeld).",
      [{ expr: `sum(skillpod_money_held{${process}})` }],
      { unit: "none", width: 4, steps: alarm },
    ),
    stat(
      "Ledger invariant violations",
      "Subjects breaking a ledger invariant at the last audit: anything above 0 is an incident.",
      [{ expr: `sum(skillpod_ledger_audit_violations{${process}})` }],
      { unit: "none", width: 4, steps: alarm },
    ),
    stat(
      "Since the last ledger audit",
      "Time since the payments worker last completed the ledger audit (it runs every 10 minutes).",
      [{ expr: `time() - max(skillpod_ledger_audit_last_completed_timestamp_seconds{${process}})` }],
      {
        unit: "s",
        width: 4,
        steps: [
          { from: 0, color: "green" },
          { from: 1800, color: "orange" },
          { from: 3600, color: "red" },
        ],
      },
    ),
  ];
}

export function moneyPanels(s: string, process: string): PanelBuilder[] {
  const activities = (match: string): string => `skillpod_worker_activities_total{${s}${match}}`;
  return [
    timeseries(
      "Ledger moves",
      "Completed money movements by kind: escrow funded, released or refunded, deposits posted, withdrawals debited, compensations.",
      [
        {
          expr: `sum by (activity_type) (rate(${activities(`, activity_type=~"${ledgerMoves}", outcome="completed"`)}[${rateWindow}]))`,
          legend: "{{activity_type}}",
        },
      ],
      { unit: "ops", min: 0 },
    ),
    timeseries(
      "Payment provider calls",
      "Charges, payouts and withdrawals sent to the provider, by outcome.",
      [
        {
          expr: `sum by (activity_type, outcome) (rate(${activities(`, activity_type=~"${providerCalls}"`)}[${rateWindow}]))`,
          legend: "{{activity_type}} {{outcome}}",
        },
      ],
      { unit: "ops", min: 0 },
    ),
    timeseries(
      "Payment provider latency (p95)",
      "Wall time of one provider call, retries excluded.",
      [
        {
          expr: `histogram_quantile(0.95, sum by (activity_type, le) (rate(skillpod_worker_activity_duration_seconds_bucket{${s}, activity_type=~"${providerCalls}"}[${rateWindow}])))`,
          legend: "{{activity_type}}",
        },
      ],
      { unit: "s", min: 0 },
    ),
    timeseries(
      "Payout saga",
      "Escrow released, payout sent, failed attempts, compensated (released money returned), held for review.",
      [
        {
          expr: `sum by (activity_type, outcome) (increase(${activities(', activity_type=~"releaseEscrowForPayout|sendPayout|compensatePayout|holdPayout"')}[${rateWindow}]))`,
          legend: "{{activity_type}} {{outcome}}",
        },
      ],
      { unit: "none", min: 0 },
    ),
    timeseries(
      "Money held for review by kind",
      "payout, deposit, withdrawal: held because the provider stayed unreachable, so whether money moved is unknown.",
      [{ expr: `sum by (kind) (skillpod_money_held{${process}})`, legend: "{{kind}}" }],
      { unit: "none", min: 0 },
    ),
    timeseries(
      "Ledger audits",
      "Audit runs by outcome (consistent, violations, failed) and violations by invariant.",
      [
        {
          expr: `sum by (outcome) (increase(skillpod_ledger_audit_runs_total{${process}}[${rateWindow}]))`,
          legend: "runs {{outcome}}",
        },
        {
          expr: `sum by (rule) (skillpod_ledger_audit_violations{${process}})`,
          legend: "violations {{rule}}",
        },
      ],
      { unit: "none", min: 0 },
    ),
  ];
}
