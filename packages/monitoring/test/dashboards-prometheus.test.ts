// Every dashboard panel against real data: the platform's real processes (control plane, gateway, workers,
// operator) and the stack's Temporal server are scraped every second by a real Prometheus (Debian's) while a
// scripted workload runs through the API and the gateway; then each dashboard variable is filled the way
// Grafana fills it and each panel query is sent as Grafana would send it. A query without data fails: either
// the workload must produce it or the panel is wrong. The chart's rule file is loaded too, and every rule
// must evaluate with health "ok".
import { startPlatform, type Platform } from "@skillpod/testkit";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dashboardFiles,
  interpolate,
  panelQueries,
  queryVariables,
  type DashboardFile,
  type PanelQuery,
} from "../src/index.js";
import { PrometheusServer, type Sample, type ScrapeJob } from "./prometheus-server.js";
import { runWorkload } from "./workload.js";

const rulesFile = fileURLToPath(
  new URL("../../../charts/skillpod/files/prometheus/skillpod.rules.yaml", import.meta.url),
);
/** The namespace label a ServiceMonitor would add, so the dashboards' namespace variable has a value. */
const namespace = "skillpod-test";
const temporalMetrics = `127.0.0.1:${process.env.SKILLPOD_TEMPORAL_METRICS_PORT ?? "17234"}`;

let platform: Platform | undefined;
let prometheus: PrometheusServer | undefined;
let range = { start: 0, end: 0, step: 2 };
let files: DashboardFile[] = [];

/** The chart's job names (the ServiceMonitors' relabelling), which the rules select on. */
function scrapeJobs(targets: Platform["metricsTargets"]): ScrapeJob[] {
  const labels = { namespace };
  return [
    { job: "skillpod-control-plane", targets: [targets["control-plane"]], labels },
    { job: "skillpod-gateway", targets: [targets.gateway], labels },
    { job: "skillpod-workers", targets: [targets.workers], labels },
    { job: "skillpod-operator", targets: [targets.operator], labels },
    { job: "temporal", targets: [temporalMetrics] },
  ];
}

const seconds = (ms: number): number => Math.round(ms / 1000);

/** Grafana's built-in variables for this range: the rate window spans at least four 1 s scrapes. */
function builtIns(): Record<string, string> {
  const span = `${range.end - range.start}s`;
  return {
    __rate_interval: "30s",
    __interval: `${range.step}s`,
    __range: span,
    __range_s: String(range.end - range.start),
  };
}

/** Each query variable's values, in order, as Grafana's label_values() fills the dropdown. */
async function variableValues(file: DashboardFile): Promise<Record<string, string[]>> {
  const values: Record<string, string[]> = {};
  for (const variable of queryVariables(file.dashboard)) {
    const selector = interpolate(variable.selector, { ...values, ...builtIns() });
    values[variable.name] = await (prometheus as PrometheusServer).labelValues(
      variable.label,
      selector,
      range,
    );
  }
  return values;
}

const nonZero = (series: Sample[]): boolean =>
  series.some((one) =>
    (one.values ?? []).some(([, value]) => Number.isFinite(Number(value)) && Number(value) !== 0),
  );

/** A sample Grafana would draw: a number, not NaN or ±Inf (a quantile of an empty histogram is NaN). */
const drawable = (series: Sample[]): boolean =>
  series.some((one) => (one.values ?? []).some(([, value]) => Number.isFinite(Number(value))));

/** One query's result: why it failed (no data, an error), or whether some value was other than 0. */
type Outcome = { panel: string; where: string; failure?: string; moving: boolean };

async function outcomeOf(query: PanelQuery, values: Record<string, string[] | string>): Promise<Outcome> {
  const expr = interpolate(query.expr, values);
  const panel = `${query.dashboard} / ${query.panel}`;
  const where = `${panel} ${query.refId}`;
  try {
    const series = await (prometheus as PrometheusServer).queryRange(expr, range);
    if (!drawable(series)) return { panel, where, failure: `${where}: no data for ${expr}`, moving: false };
    return { panel, where, moving: nonZero(series) };
  } catch (error) {
    return { panel, where, failure: `${where}: ${String(error)}`, moving: false };
  }
}

let outcomes: Promise<Outcome[]> | undefined;

/** Every panel query of every dashboard, sent once with the variables Grafana would fill in. */
function allOutcomes(): Promise<Outcome[]> {
  outcomes ??= (async () => {
    const all: Outcome[] = [];
    for (const file of files) {
      const values = { ...(await variableValues(file)), ...builtIns() };
      for (const query of panelQueries(file.name, file.dashboard)) all.push(await outcomeOf(query, values));
    }
    return all;
  })();
  return outcomes;
}

/**
 * Panels that are all zeros on a healthy day (nothing failed, waited, queued or was held), so the workload
 * cannot move them; they must still return data. The ledger audit runs every 10 minutes and its first run
 * precedes the first scrape.
 */
const zeroWhenHealthy = new Set([
  "operator / Reconcile error ratio",
  "operator / Keys queued",
  "operator / Reconcile errors",
  "operator / Work queue depth",
  "operator / Stuck work",
  "control-plane / Error budget burn rate (1 h)",
  "control-plane / Audit write failures",
  "workers-money / Money held for review",
  "workers-money / Ledger invariant violations",
  "workers-money / Money held for review by kind",
  "workers-money / Ledger audits",
  "skillpods-sessions / Longest wait to run",
]);

beforeAll(async () => {
  files = await dashboardFiles();
  platform = await startPlatform({ portal: false });
  prometheus = await PrometheusServer.start(
    scrapeJobs(platform.metricsTargets),
    existsSync(rulesFile) ? [rulesFile] : [],
  );
  const started = Date.now();
  await runWorkload(platform);
  // A few more scrapes after the last step, so counters' last increments and closing gauges are stored.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  range = { start: seconds(started) - 5, end: seconds(Date.now()), step: 2 };
}, 600_000);

afterAll(async () => {
  await prometheus?.stop();
  await platform?.stop();
});

describe("the dashboards against a Prometheus that scraped the platform during a workload", () => {
  it("scraped every process", async () => {
    const targets = await (prometheus as PrometheusServer).targets();
    expect(targets.map((t) => `${t.job} ${t.health} ${t.lastError}`).sort()).toEqual(
      scrapeJobs((platform as Platform).metricsTargets)
        .map((j) => `${j.job} up `)
        .sort(),
    );
  });

  it("loads every alerting and recording rule of the chart with health ok", async () => {
    expect(existsSync(rulesFile), `${rulesFile} is missing`).toBe(true);
    const rules = await (prometheus as PrometheusServer).rules();
    expect(rules.length).toBeGreaterThan(0);
    const unhealthy = rules.filter((rule) => rule.health !== "ok");
    expect(unhealthy.map((rule) => `${rule.name}: ${rule.health} ${rule.lastError ?? ""}`)).toEqual([]);
  });

  it("fills every dashboard variable", async () => {
    const empty: string[] = [];
    for (const file of files)
      for (const [name, values] of Object.entries(await variableValues(file)))
        if (values.length === 0) empty.push(`${file.name} $${name}`);
    expect(empty).toEqual([]);
  });

  it("answers every panel query with data", async () => {
    const all = await allOutcomes();
    const moving = all.filter((outcome) => outcome.moving).length;
    console.log(
      `checked ${all.length} panel queries of ${files.length} dashboards over ${range.end - range.start} s; ` +
        `${moving} of them with a value other than 0`,
    );
    expect(all.flatMap((outcome) => (outcome.failure === undefined ? [] : [outcome.failure]))).toEqual([]);
  });

  it("moves every panel the workload touches (a value other than 0 in some query)", async () => {
    const all = await allOutcomes();
    const panels = new Set(all.map((outcome) => outcome.panel));
    const still = [...panels].filter(
      (panel) => !zeroWhenHealthy.has(panel) && !all.some((o) => o.panel === panel && o.moving),
    );
    expect(still).toEqual([]);
  });
});
