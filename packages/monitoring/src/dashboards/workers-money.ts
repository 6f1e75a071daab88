// The Temporal workers and the money they move: every activity's outcome and duration by task queue and type
// (skillpod_worker_activities_total), and the money activities by name: escrow, payouts, deposits, withdrawals.
import type { DashboardSpec } from "../dashboard-spec.js";
import { stat, timeseries, type Query } from "../panel-builders.js";
import { moneyOverview, moneyPanels } from "./money-panels.js";
import { processPanels, rateWindow } from "./process-panels.js";

const s = 'namespace=~"$namespace", job=~"$job", task_queue=~"$task_queue"';
const processSelector = 'namespace=~"$namespace", job=~"$job"';
const activities = (match: string): string => `skillpod_worker_activities_total{${s}${match}}`;

const overview = [
  ...moneyOverview(s, processSelector),
  stat(
    "Task queues polled",
    "Task queues with a worker polling them now.",
    [{ expr: `count(skillpod_worker_running{${s}} == 1)` }],
    {
      unit: "none",
      width: 4,
      steps: [
        { from: 0, color: "red" },
        { from: 1, color: "green" },
      ],
    },
  ),
  stat(
    "Activity failure ratio",
    "Failed activity attempts over all attempts (Temporal retries them; a steady ratio means a dependency is down).",
    [
      {
        expr: `(sum(rate(${activities(', outcome="failed"')}[${rateWindow}])) or vector(0)) / sum(rate(${activities("")}[${rateWindow}]))`,
      },
    ],
    {
      unit: "percentunit",
      width: 4,
      steps: [
        { from: 0, color: "green" },
        { from: 0.05, color: "orange" },
        { from: 0.25, color: "red" },
      ],
    },
  ),
];

const byOutcome: Query = {
  expr: `sum by (task_queue, outcome) (rate(${activities("")}[${rateWindow}]))`,
  legend: "{{task_queue}} {{outcome}}",
};

const workers = [
  timeseries(
    "Activities by task queue and outcome",
    "Completed, failed and cancelled attempts.",
    [byOutcome],
    {
      unit: "ops",
      min: 0,
    },
  ),
  timeseries(
    "Failed activities by type",
    "Attempts that threw; Temporal retries them with backoff.",
    [
      {
        expr: `sum by (activity_type) (rate(${activities(', outcome="failed"')}[${rateWindow}]))`,
        legend: "{{activity_type}}",
      },
    ],
    { unit: "ops", min: 0 },
  ),
  timeseries(
    "Activity duration (p95) by type",
    "The ten slowest activity types.",
    [
      {
        expr: `topk(10, histogram_quantile(0.95, sum by (activity_type, le) (rate(skillpod_worker_activity_duration_seconds_bucket{${s}}[${rateWindow}]))))`,
        legend: "{{activity_type}}",
      },
    ],
    { unit: "s", width: 24, min: 0 },
  ),
];

// The Temporal server's own metrics (workflow_success, workflow_failed…). Their task queue label cannot be
// matched with the workers' (Temporal's reporter turns "prod-payments" into "prod_payments") and their
// `namespace` is Temporal's, so they are selected by SkillPod's workflow types (workers/src/workflows).
const workflowSelector =
  'workflowType=~"contractWorkflow|payoutWorkflow|provisioningWorkflow|usageMeteringWorkflow|depositWorkflow|withdrawalWorkflow"';
const workflowOutcomes = ["success", "failed", "timeout", "terminate", "cancel", "continued_as_new"];

const workflows = [
  timeseries(
    "Workflows closed by type and outcome",
    "From the Temporal server's metrics: contracts, payouts, deposits, withdrawals, provisioning.",
    [
      {
        expr: workflowOutcomes
          .map(
            (outcome) =>
              `label_replace(sum by (workflowType) (rate(workflow_${outcome}{${workflowSelector}}[${rateWindow}])), "outcome", "${outcome}", "", "")`,
          )
          .join(" or "),
        legend: "{{workflowType}} {{outcome}}",
      },
    ],
    { unit: "ops", min: 0 },
  ),
  timeseries(
    "Workflow duration (p95) by type",
    "From start to close, per workflow type (a contract's runs for its whole life).",
    [
      {
        expr: `histogram_quantile(0.95, sum by (workflowType, le) (rate(workflow_duration_bucket{${workflowSelector}}[${rateWindow}])))`,
        legend: "{{workflowType}}",
      },
    ],
    { unit: "s", min: 0 },
  ),
];

export const workersMoneyDashboard: DashboardSpec = {
  name: "workers-money",
  title: "SkillPod / Workers and money",
  description:
    "Temporal workers: activities by task queue and outcome; escrow, payouts, deposits and withdrawals.",
  variables: [
    {
      name: "namespace",
      label: "Namespace",
      description: "Where the workers run",
      selector: "skillpod_worker_running",
    },
    {
      name: "job",
      label: "Job",
      description: "The workers' scrape job (one per task queue group)",
      selector: 'skillpod_worker_running{namespace=~"$namespace"}',
    },
    {
      name: "task_queue",
      label: "Task queue",
      description: "Temporal task queues these workers poll",
      selector: 'skillpod_worker_running{namespace=~"$namespace", job=~"$job"}',
    },
  ],
  rows: [
    { title: "Overview", panels: overview },
    { title: "Activities", panels: workers },
    { title: "Workflows (Temporal server)", panels: workflows },
    { title: "Money", panels: moneyPanels(s, processSelector) },
    { title: "Process", panels: processPanels("", processSelector) },
  ],
};
