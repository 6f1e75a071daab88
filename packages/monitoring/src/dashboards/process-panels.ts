// CPU, memory and event-loop lag of SkillPod's Node processes (prom-client's default metrics), under the
// metric prefix each process gives them: the control plane and the gateway prefix theirs, the operator and
// the workers do not.
import { timeseries, type PanelBuilder } from "../panel-builders.js";

/** Grafana's rate window: at least four scrapes, whatever the zoom. */
export const rateWindow = "$__rate_interval";

export function processPanels(prefix: string, selector: string): PanelBuilder[] {
  return [
    timeseries(
      "CPU per process",
      "CPU seconds per second (1 = one core), by pod.",
      [
        {
          expr: `sum by (instance) (rate(${prefix}process_cpu_seconds_total{${selector}}[${rateWindow}]))`,
          legend: "{{instance}}",
        },
      ],
      { unit: "percentunit", width: 8, min: 0 },
    ),
    timeseries(
      "Resident memory",
      "Resident set size by pod; compare with the container's memory limit.",
      [
        {
          expr: `sum by (instance) (${prefix}process_resident_memory_bytes{${selector}})`,
          legend: "{{instance}}",
        },
      ],
      { unit: "bytes", width: 8, min: 0 },
    ),
    timeseries(
      "Event-loop lag (p99)",
      "How late Node's event loop runs timers: above ~100 ms every request and reconcile waits.",
      [
        {
          expr: `max by (instance) (${prefix}nodejs_eventloop_lag_p99_seconds{${selector}})`,
          legend: "{{instance}}",
        },
      ],
      { unit: "s", width: 8, min: 0 },
    ),
  ];
}
