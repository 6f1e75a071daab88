// The operator as an SRE runs any kubebuilder operator: controller-runtime's and client-go's metric names
// (so their habits and existing queries carry over), plus what only SkillPod's operator says.
import type { DashboardSpec } from "../dashboard-spec.js";
import { stat, timeseries } from "../panel-builders.js";
import { processPanels, rateWindow } from "./process-panels.js";

const s = 'namespace=~"$namespace", job=~"$job"';

const health = [
  stat("Replicas up", "Operator pods Prometheus scrapes successfully.", [{ expr: `sum(up{${s}})` }], {
    unit: "none",
    steps: [
      { from: 0, color: "red" },
      { from: 1, color: "green" },
    ],
  }),
  stat(
    "Leaders",
    "Replicas holding the leader lease: exactly one should (0 reconciles nothing, 2 means a split brain).",
    [{ expr: `sum(leader_election_master_status{${s}})` }],
    {
      unit: "none",
      steps: [
        { from: 0, color: "red" },
        { from: 1, color: "green" },
        { from: 2, color: "red" },
      ],
    },
  ),
  stat(
    "Reconcile error ratio",
    "Failed reconciles over all reconciles, every controller.",
    [
      {
        expr: `sum(rate(controller_runtime_reconcile_errors_total{${s}}[${rateWindow}])) / sum(rate(controller_runtime_reconcile_total{${s}}[${rateWindow}]))`,
      },
    ],
    {
      unit: "percentunit",
      steps: [
        { from: 0, color: "green" },
        { from: 0.05, color: "orange" },
        { from: 0.2, color: "red" },
      ],
    },
  ),
  stat(
    "Keys queued",
    "Keys waiting to be reconciled, every controller.",
    [{ expr: `sum(workqueue_depth{${s}})` }],
    {
      unit: "none",
      steps: [
        { from: 0, color: "green" },
        { from: 50, color: "orange" },
        { from: 500, color: "red" },
      ],
    },
  ),
];

const reconciles = [
  timeseries(
    "Reconciles by result",
    "controller_runtime_reconcile_total: success, error, requeue, requeue_after.",
    [
      {
        expr: `sum by (controller, result) (rate(controller_runtime_reconcile_total{${s}}[${rateWindow}]))`,
        legend: "{{controller}} {{result}}",
      },
    ],
    { unit: "ops", min: 0 },
  ),
  timeseries(
    "Reconcile errors",
    "Errors retried with backoff, and terminal errors that are not retried.",
    [
      {
        expr: `sum by (controller) (rate(controller_runtime_reconcile_errors_total{${s}}[${rateWindow}]))`,
        legend: "{{controller}} errors",
      },
      {
        expr: `sum by (controller) (rate(controller_runtime_terminal_reconcile_errors_total{${s}}[${rateWindow}]))`,
        legend: "{{controller}} terminal",
      },
    ],
    { unit: "ops", min: 0 },
  ),
  timeseries(
    "Reconcile time",
    "controller_runtime_reconcile_time_seconds: median and 99th percentile.",
    [0.5, 0.99].map((q) => ({
      expr: `histogram_quantile(${q}, sum by (controller, le) (rate(controller_runtime_reconcile_time_seconds_bucket{${s}}[${rateWindow}])))`,
      legend: `{{controller}} p${q * 100}`,
    })),
    { unit: "s", min: 0 },
  ),
  timeseries(
    "Workers busy",
    "Reconciles running at once against the configured maximum: at the maximum, the queue grows.",
    [
      {
        expr: `sum by (controller) (controller_runtime_active_workers{${s}})`,
        legend: "{{controller}} active",
      },
      {
        expr: `max by (controller) (controller_runtime_max_concurrent_reconciles{${s}})`,
        legend: "{{controller}} max",
      },
    ],
    { unit: "none", min: 0 },
  ),
];

const queue = [
  timeseries(
    "Work queue depth",
    "workqueue_depth by queue.",
    [{ expr: `sum by (name) (workqueue_depth{${s}})`, legend: "{{name}}" }],
    { unit: "none", width: 8, min: 0 },
  ),
  timeseries(
    "Adds and retries",
    "workqueue_adds_total and workqueue_retries_total: retries rising with adds flat means reconciles fail.",
    [
      { expr: `sum by (name) (rate(workqueue_adds_total{${s}}[${rateWindow}]))`, legend: "{{name}} adds" },
      {
        expr: `sum by (name) (rate(workqueue_retries_total{${s}}[${rateWindow}]))`,
        legend: "{{name}} retries",
      },
    ],
    { unit: "ops", width: 8, min: 0 },
  ),
  timeseries(
    "Time in queue (p99)",
    "workqueue_queue_duration_seconds: how long a key waits before a worker takes it.",
    [
      {
        expr: `histogram_quantile(0.99, sum by (name, le) (rate(workqueue_queue_duration_seconds_bucket{${s}}[${rateWindow}])))`,
        legend: "{{name}}",
      },
    ],
    { unit: "s", width: 8, min: 0 },
  ),
  timeseries(
    "Work duration (p99)",
    "workqueue_work_duration_seconds: how long processing one key takes.",
    [
      {
        expr: `histogram_quantile(0.99, sum by (name, le) (rate(workqueue_work_duration_seconds_bucket{${s}}[${rateWindow}])))`,
        legend: "{{name}}",
      },
    ],
    { unit: "s", min: 0 },
  ),
  timeseries(
    "Stuck work",
    "Unfinished work and the longest running reconcile: growing values mean a reconcile hangs.",
    [
      { expr: `max by (name) (workqueue_unfinished_work_seconds{${s}})`, legend: "{{name}} unfinished" },
      {
        expr: `max by (name) (workqueue_longest_running_processor_seconds{${s}})`,
        legend: "{{name}} longest running",
      },
    ],
    { unit: "s", min: 0 },
  ),
];

const children = [
  timeseries(
    "Writes of owned objects",
    "Applies and creates of a SkillPod's children by kind: a settled SkillPod costs none, so a steady rate means churn.",
    [
      {
        expr: `sum by (kind) (rate(skillpod_operator_child_applies_total{${s}}[${rateWindow}]))`,
        legend: "{{kind}}",
      },
    ],
    { unit: "ops", width: 24, min: 0 },
  ),
];

export const operatorDashboard: DashboardSpec = {
  name: "operator",
  title: "SkillPod / Operator",
  description: "The SkillPod operator: leadership, reconciles, work queues and the objects it writes.",
  variables: [
    {
      name: "namespace",
      label: "Namespace",
      description: "Where the operator runs",
      selector: "skillpod_operator_leader",
    },
    {
      name: "job",
      label: "Job",
      description: "The operator's scrape job",
      selector: 'skillpod_operator_leader{namespace=~"$namespace"}',
    },
  ],
  rows: [
    { title: "Health", panels: health },
    { title: "Reconciles", panels: reconciles },
    { title: "Work queues", panels: queue },
    { title: "Owned objects", panels: children },
    { title: "Process", panels: processPanels("", s) },
  ],
};
