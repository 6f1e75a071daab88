// What Grafana's schema cannot say but a dashboard that works needs: panels numbered once, on the 24-column
// grid without overlapping, asking the `datasource` variable, with queries that name only variables the
// dashboard defines.
import type { Dashboard, VariableModel } from "@grafana/grafana-foundation-sdk/dashboard";

type GridPos = { x: number; y: number; w: number; h: number };
type PanelLike = {
  id?: number;
  type: string;
  title?: string;
  description?: string;
  gridPos?: GridPos;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
};
type Target = { refId?: string; expr?: string; datasource?: { uid?: string } };

/** Grafana's own variables a query may use without defining them. */
const builtInVariables = new Set(["__rate_interval", "__interval", "__range", "__range_s", "__all"]);

function overlaps(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function gridErrors(panels: PanelLike[]): string[] {
  const errors: string[] = [];
  panels.forEach((panel, i) => {
    const pos = panel.gridPos;
    if (pos === undefined) return void errors.push(`"${panel.title}" has no gridPos`);
    if (pos.x < 0 || pos.w < 1 || pos.x + pos.w > 24) errors.push(`"${panel.title}" leaves the 24 columns`);
    for (const other of panels.slice(i + 1))
      if (other.gridPos && overlaps(pos, other.gridPos))
        errors.push(`"${panel.title}" overlaps "${other.title}"`);
  });
  return errors;
}

/** `$name` and `${name}` references in an expression (Grafana's syntax; PromQL's own `${1}` is not one). */
export function variablesIn(expr: string): string[] {
  return [...expr.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((match) => match[1] ?? "");
}

function expressionErrors(title: string, target: Target, defined: Set<string>): string[] {
  const errors: string[] = [];
  if (!target.expr) errors.push(`"${title}" ${target.refId} has no expression`);
  if (target.datasource?.uid !== "${datasource}")
    errors.push(`"${title}" ${target.refId} ignores $datasource`);
  const unknown = variablesIn(target.expr ?? "").filter(
    (name) => !defined.has(name) && !builtInVariables.has(name),
  );
  for (const name of unknown) errors.push(`"${title}" ${target.refId} uses undefined variable $${name}`);
  return errors;
}

function targetErrors(panel: PanelLike, defined: Set<string>): string[] {
  const targets = panel.targets ?? [];
  const errors = targets.flatMap((target) => expressionErrors(String(panel.title), target, defined));
  if (targets.length === 0) errors.push(`"${panel.title}" has no query`);
  const refIds = new Set(targets.map((target) => target.refId));
  if (refIds.size !== targets.length || refIds.has(""))
    errors.push(`"${panel.title}" repeats or omits a refId`);
  return errors;
}

function panelErrors(panel: PanelLike, defined: Set<string>): string[] {
  if (panel.type === "row") return [];
  const errors = targetErrors(panel, defined);
  if (panel.datasource?.uid !== "${datasource}") errors.push(`"${panel.title}" does not use $datasource`);
  if (!panel.description) errors.push(`"${panel.title}" has no description`);
  return errors;
}

/** Variables may use only the variables defined before them; the first is the data source. */
function variableErrors(variables: readonly VariableModel[]): string[] {
  const errors: string[] = [];
  if (String(variables[0]?.type) !== "datasource")
    errors.push("the first variable must be the prometheus data source");
  variables.forEach((variable, i) => {
    const before = new Set(variables.slice(0, i).map((earlier) => earlier.name));
    const query = typeof variable.query === "string" ? variable.query : "";
    for (const name of variablesIn(query).filter((used) => !before.has(used)))
      errors.push(`variable ${variable.name} uses $${name}, not defined before it`);
  });
  return errors;
}

function identityErrors(dashboard: Dashboard, panels: PanelLike[]): string[] {
  const errors: string[] = [];
  const ids = panels.map((panel) => panel.id);
  if (new Set(ids).size !== ids.length || ids.some((id) => !id))
    errors.push("panel ids are missing or repeated");
  const titles = panels.filter((panel) => panel.type !== "row").map((panel) => panel.title);
  if (new Set(titles).size !== titles.length) errors.push("two panels share a title");
  if (!dashboard.uid || dashboard.uid.length > 40)
    errors.push(`uid "${dashboard.uid}" must have 1 to 40 characters`);
  return errors;
}

/** Every problem of one dashboard's layout, variables and queries (empty when there is none). */
export function dashboardLayoutErrors(dashboard: Dashboard): string[] {
  const panels = (dashboard.panels ?? []) as PanelLike[];
  const variables = dashboard.templating.list ?? [];
  const defined = new Set(variables.map((variable) => variable.name));
  return [
    ...gridErrors(panels),
    ...identityErrors(dashboard, panels),
    ...variableErrors(variables),
    ...panels.flatMap((panel) => panelErrors(panel, defined)),
  ];
}
