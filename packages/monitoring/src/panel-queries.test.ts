import { describe, expect, it } from "vitest";
import { dashboardFiles } from "./dashboard-files.js";
import { interpolate, panelQueries, queryVariables } from "./panel-queries.js";

describe("interpolate", () => {
  it("formats a multi-value variable as Grafana does for Prometheus: an alternation of escaped values", () => {
    expect(interpolate('x{job=~"$job"}', { job: ["a.b", "c"] })).toBe('x{job=~"(a\\.b|c)"}');
    expect(interpolate('x{job=~"${job}"}', { job: ["skillpod-operator"] })).toBe(
      'x{job=~"skillpod-operator"}',
    );
  });

  it("takes built-in variables as given and leaves PromQL's own ${1} alone", () => {
    const expr = 'label_replace(rate(x[$__rate_interval]), "class", "${1}xx", "code", "(.)..")';
    expect(interpolate(expr, { __rate_interval: "30s" })).toBe(
      'label_replace(rate(x[30s]), "class", "${1}xx", "code", "(.)..")',
    );
  });
});

describe("the dashboards' queries and variables", () => {
  it("are label_values() variables and non-empty PromQL", async () => {
    for (const file of await dashboardFiles()) {
      expect(queryVariables(file.dashboard).map((v) => v.name)).toContain("namespace");
      for (const query of panelQueries(file.name, file.dashboard)) expect(query.expr).not.toBe("");
    }
  });
});
