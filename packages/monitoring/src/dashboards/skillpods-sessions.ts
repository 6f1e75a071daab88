// SkillPods by phase (the operator's view of every workspace) and the desktop sessions the session gateway
// carries to them: who is connected, what is refused, what input a watcher tried to send.
import type { DashboardSpec } from "../dashboard-spec.js";
import { stat, timeseries } from "../panel-builders.js";
import { processPanels, rateWindow } from "./process-panels.js";

const operator = 'namespace=~"$namespace"';
const gateway = 'namespace=~"$namespace", job=~"$gateway_job"';

const skillPods = [
  stat(
    "Running",
    "SkillPods whose desktop is up.",
    [{ expr: `sum(skillpod_operator_skillpods{${operator}, phase="Running"})` }],
    { unit: "none" },
  ),
  stat(
    "Not running",
    "SkillPods in any other phase (Pending, Provisioning, Stopped, Failed…).",
    [{ expr: `sum(skillpod_operator_skillpods{${operator}, phase!="Running"})` }],
    { unit: "none" },
  ),
  stat(
    "Longest wait to run",
    "How long the oldest SkillPod in Pending or Provisioning has been there: the stuck-provisioning alerts fire on it.",
    [
      {
        expr: `max(skillpod_operator_skillpods_oldest_in_phase_seconds{${operator}, phase=~"Pending|Provisioning"}) or vector(0)`,
      },
    ],
    {
      unit: "s",
      steps: [
        { from: 0, color: "green" },
        { from: 300, color: "orange" },
        { from: 900, color: "red" },
      ],
    },
  ),
  stat(
    "Open desktop sessions",
    "Sessions the gateway carries now, every mode.",
    [{ expr: `sum(skillpod_gateway_sessions{${gateway}})` }],
    { unit: "none" },
  ),
  timeseries(
    "SkillPods by phase",
    "Every SkillPod the leading operator sees, by status phase.",
    [{ expr: `sum by (phase) (skillpod_operator_skillpods{${operator}})`, legend: "{{phase}}" }],
    { unit: "none", stacked: true, min: 0 },
  ),
  timeseries(
    "Longest time in phase",
    "The oldest SkillPod in each phase: a line that only climbs is a SkillPod stuck there.",
    [
      {
        expr: `max by (phase) (skillpod_operator_skillpods_oldest_in_phase_seconds{${operator}})`,
        legend: "{{phase}}",
      },
    ],
    { unit: "s", min: 0 },
  ),
];

const sessions = [
  timeseries(
    "Open sessions by mode",
    "interactive (the owner) and watch (a listed viewer).",
    [{ expr: `sum by (mode) (skillpod_gateway_sessions{${gateway}})`, legend: "{{mode}}" }],
    { unit: "none", width: 8, min: 0 },
  ),
  timeseries(
    "Sessions opened and ended",
    "Opened by mode; ended by WebSocket close code (1000 normal, 4xxx the gateway's reasons).",
    [
      {
        expr: `sum by (mode) (rate(skillpod_gateway_sessions_started_total{${gateway}}[${rateWindow}]))`,
        legend: "opened {{mode}}",
      },
      {
        expr: `sum by (code) (rate(skillpod_gateway_sessions_ended_total{${gateway}}[${rateWindow}]))`,
        legend: "ended {{code}}",
      },
    ],
    { unit: "ops", width: 8, min: 0 },
  ),
  timeseries(
    "Desktop traffic",
    "RFB bytes per second: input toward desktops, pixels toward browsers.",
    [
      {
        expr: `sum by (direction) (rate(skillpod_gateway_bytes_total{${gateway}}[${rateWindow}]))`,
        legend: "{{direction}}",
      },
    ],
    { unit: "Bps", width: 8, min: 0 },
  ),
  timeseries(
    "Refused session requests",
    "Requests refused before the WebSocket upgrade, by reason (a used or expired ticket, a draining replica…).",
    [
      {
        expr: `sum by (reason) (rate(skillpod_gateway_ticket_refusals_total{${gateway}}[${rateWindow}]))`,
        legend: "{{reason}}",
      },
    ],
    { unit: "ops", width: 8, min: 0 },
  ),
  timeseries(
    "Dropped input",
    "Client messages not forwarded (a watcher's keys and pointer, clipboard policy), by RFB message type.",
    [
      {
        expr: `sum by (type) (rate(skillpod_gateway_dropped_input_messages_total{${gateway}}[${rateWindow}]))`,
        legend: "{{type}}",
      },
    ],
    { unit: "ops", width: 8, min: 0 },
  ),
  timeseries(
    "Desktop connect time (p95)",
    "TCP connect, VncAuth and ServerInit toward the desktop, by outcome.",
    [
      {
        expr: `histogram_quantile(0.95, sum by (outcome, le) (rate(skillpod_gateway_upstream_connect_seconds_bucket{${gateway}}[${rateWindow}])))`,
        legend: "{{outcome}}",
      },
    ],
    { unit: "s", width: 8, min: 0 },
  ),
  timeseries(
    "Last-activity writes",
    "Writes of a SkillPod's last-activity annotation (what idle shutdown reads), by outcome.",
    [
      {
        expr: `sum by (outcome) (rate(skillpod_gateway_activity_writes_total{${gateway}}[${rateWindow}]))`,
        legend: "{{outcome}}",
      },
    ],
    { unit: "ops", width: 24, min: 0 },
  ),
];

export const skillPodsSessionsDashboard: DashboardSpec = {
  name: "skillpods-sessions",
  title: "SkillPod / SkillPods and desktop sessions",
  description: "SkillPods by phase and the desktop sessions the session gateway carries to them.",
  variables: [
    {
      name: "namespace",
      label: "Namespace",
      description: "Where the operator and the gateway run",
      selector: "skillpod_gateway_process_start_time_seconds",
    },
    {
      name: "gateway_job",
      label: "Gateway job",
      description: "The session gateway's scrape job",
      selector: 'skillpod_gateway_process_start_time_seconds{namespace=~"$namespace"}',
      from: "job",
    },
  ],
  rows: [
    { title: "SkillPods", panels: skillPods },
    { title: "Desktop sessions", panels: sessions },
    { title: "Gateway process", panels: processPanels("skillpod_gateway_", gateway) },
  ],
};
