// Every query a dashboard sends, and Grafana's interpolation of its variables, so a test can send the same
// PromQL to a real Prometheus that Grafana would.
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";

export type PanelQuery = { dashboard: string; panel: string; refId: string; expr: string };

/** A label_values(selector, label) variable. */
export type QueryVariable = { name: string; selector: string; label: string };

type PanelLike = { type: string; title?: string; targets?: { refId?: string; expr?: string }[] };

export function panelQueries(name: string, dashboard: Dashboard): PanelQuery[] {
  const panels = (dashboard.panels ?? []) as PanelLike[];
  return panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      dashboard: name,
      panel: panel.title ?? "",
      refId: target.refId ?? "",
      expr: target.expr ?? "",
    })),
  );
}

/** The dashboard's query variables in order (each may use the ones before it). */
export function queryVariables(dashboard: Dashboard): QueryVariable[] {
  return (dashboard.templating.list ?? []).flatMap((variable) => {
    if (String(variable.type) !== "query") return [];
    const query = typeof variable.query === "string" ? variable.query : JSON.stringify(variable.query);
    const match = /^label_values\((.+),\s*(\w+)\)$/.exec(query);
    if (!match?.[1] || !match[2]) throw new Error(`variable ${variable.name}: not label_values(): ${query}`);
    return [{ name: variable.name, selector: match[1], label: match[2] }];
  });
}

const escapeRegex = (value: string): string => value.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");

/**
 * Grafana's interpolation for Prometheus: a multi-value variable becomes a regex alternation of its escaped
 * values; built-in variables ($__rate_interval, $__range…) take the values given. `${1}` (PromQL's own
 * capture reference in label_replace) names no variable and stays.
 */
export function interpolate(expr: string, values: Record<string, string[] | string>): string {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    const value = values[braced ?? bare ?? ""];
    if (value === undefined) return whole;
    if (typeof value === "string") return value;
    return value.length === 1 ? escapeRegex(value[0] ?? "") : `(${value.map(escapeRegex).join("|")})`;
  });
}
