// The control plane API: rate, errors and duration per route (RED), its service-level objectives, the live
// channel and the audit trail's health.
import type { DashboardSpec } from "../dashboard-spec.js";
import { stat, timeseries } from "../panel-builders.js";
import { processPanels, rateWindow } from "./process-panels.js";

const s = 'namespace=~"$namespace", job=~"$job"';
/** API requests as the objectives count them: not probes, scrapes or the long-lived live-channel socket. */
const api = `${s}, route!~"/healthz|/readyz|/metrics|/v1/live"`;

/**
 * The objectives the alert rules (charts/skillpod/files/prometheus/skillpod.rules.yaml) burn against: 99.9 %
 * of API requests without a 5xx and 99 % within 1 s, over 30 days.
 */
export const controlPlaneSlo = { availability: 0.999, latency: 0.99, latencySeconds: "1" };

const requests = (window: string, match = ""): string =>
  `sum(increase(http_requests_total{${api}${match}}[${window}]))`;
// No 5xx at all is an availability of 100 %, not "no data".
const serverErrors = (window: string): string => `(${requests(window, ', status_code=~"5.."')} or vector(0))`;
const errorRatio = (window: string): string => `${serverErrors(window)} / ${requests(window)}`;

const objectives = [
  stat(
    "Availability",
    `Requests answered without a 5xx over the dashboard's time range (objective ${controlPlaneSlo.availability * 100} %).`,
    [{ expr: `1 - (${errorRatio("$__range")})` }],
    {
      unit: "percentunit",
      steps: [
        { from: 0, color: "red" },
        { from: 0.99, color: "orange" },
        { from: controlPlaneSlo.availability, color: "green" },
      ],
    },
  ),
  stat(
    "Requests within 1 s",
    `Share of requests answered within ${controlPlaneSlo.latencySeconds} s over the time range (objective ${controlPlaneSlo.latency * 100} %).`,
    [
      {
        expr: `sum(increase(http_request_duration_seconds_bucket{${api}, le="${controlPlaneSlo.latencySeconds}"}[$__range])) / sum(increase(http_request_duration_seconds_count{${api}}[$__range]))`,
      },
    ],
    {
      unit: "percentunit",
      steps: [
        { from: 0, color: "red" },
        { from: 0.95, color: "orange" },
        { from: controlPlaneSlo.latency, color: "green" },
      ],
    },
  ),
  stat(
    "Error budget burn rate (1 h)",
    "How fast the last hour spends the availability error budget: 1 spends it exactly over 30 days, 14.4 pages.",
    [{ expr: `(${errorRatio("1h")}) / ${(1 - controlPlaneSlo.availability).toFixed(4)}` }],
    {
      unit: "none",
      steps: [
        { from: 0, color: "green" },
        { from: 1, color: "orange" },
        { from: 14.4, color: "red" },
      ],
    },
  ),
  stat(
    "Requests per second",
    "Every route, every replica.",
    [{ expr: `sum(rate(http_requests_total{${s}}[${rateWindow}]))` }],
    { unit: "reqps" },
  ),
];

const red = [
  timeseries(
    "Requests by route",
    "The ten busiest routes (the route's pattern, never the raw URL).",
    [
      {
        expr: `topk(10, sum by (method, route) (rate(http_requests_total{${s}}[${rateWindow}])))`,
        legend: "{{method}} {{route}}",
      },
    ],
    { unit: "reqps", min: 0 },
  ),
  timeseries(
    "Responses by status class",
    "2xx, 3xx, 4xx (refused: validation, authentication, rate limits) and 5xx (failed).",
    [
      {
        expr: `sum by (class) (label_replace(rate(http_requests_total{${s}}[${rateWindow}]), "class", "\${1}xx", "status_code", "(.).."))`,
        legend: "{{class}}",
      },
    ],
    { unit: "reqps", stacked: true, min: 0 },
  ),
  timeseries(
    "Refused and failed requests",
    "4xx and 5xx answers by route and status code.",
    [
      {
        expr: `sum by (method, route, status_code) (rate(http_requests_total{${s}, status_code=~"[45].."}[${rateWindow}]))`,
        legend: "{{status_code}} {{method}} {{route}}",
      },
    ],
    { unit: "reqps", min: 0 },
  ),
  timeseries(
    "Latency",
    "Median, 95th and 99th percentile over every route.",
    [0.5, 0.95, 0.99].map((q) => ({
      expr: `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket{${s}}[${rateWindow}])))`,
      legend: `p${q * 100}`,
    })),
    { unit: "s", min: 0 },
  ),
  timeseries(
    "Slowest routes (p99)",
    "The ten routes with the highest 99th percentile.",
    [
      {
        expr: `topk(10, histogram_quantile(0.99, sum by (method, route, le) (rate(http_request_duration_seconds_bucket{${s}}[${rateWindow}]))))`,
        legend: "{{method}} {{route}}",
      },
    ],
    { unit: "s", width: 24, min: 0 },
  ),
];

const liveAndAudit = [
  timeseries(
    "Live channel sockets",
    "Browsers connected to the live channel (contract rooms, inbox).",
    [{ expr: `sum by (instance) (skillpod_live_open_sockets{${s}})`, legend: "{{instance}}" }],
    { unit: "none", width: 8, min: 0 },
  ),
  timeseries(
    "Live events delivered",
    "Events sent to sockets, live and replayed after a reconnect; slow consumers closed.",
    [
      {
        expr: `sum by (mode) (rate(skillpod_live_events_delivered_total{${s}}[${rateWindow}]))`,
        legend: "{{mode}}",
      },
      {
        expr: `sum(rate(skillpod_live_slow_consumer_closes_total{${s}}[${rateWindow}]))`,
        legend: "slow consumers closed",
      },
    ],
    { unit: "ops", width: 8, min: 0 },
  ),
  stat(
    "Audit write failures",
    "Audit events that could not be appended to the hash chain, API and gateway, over the time range: anything above 0 is an incident.",
    [{ expr: `sum(increase(skillpod_audit_write_failures_total{namespace=~"$namespace"}[$__range]))` }],
    {
      unit: "none",
      width: 8,
      height: 8,
      steps: [
        { from: 0, color: "green" },
        { from: 1, color: "red" },
      ],
    },
  ),
];

export const controlPlaneDashboard: DashboardSpec = {
  name: "control-plane",
  title: "SkillPod / Control plane",
  description:
    "The control plane API: requests, errors and latency per route, objectives, live channel, audit.",
  variables: [
    {
      name: "namespace",
      label: "Namespace",
      description: "Where the control plane runs",
      selector: "skillpod_control_plane_process_start_time_seconds",
    },
    {
      name: "job",
      label: "Job",
      description: "The control plane's scrape job",
      selector: 'skillpod_control_plane_process_start_time_seconds{namespace=~"$namespace"}',
    },
  ],
  rows: [
    { title: "Objectives", panels: objectives },
    { title: "Requests, errors, duration", panels: red },
    { title: "Live channel and audit trail", panels: liveAndAudit },
    { title: "Process", panels: processPanels("skillpod_control_plane_", s) },
  ],
};
