// Checks dashboard JSON against Grafana's dashboard schema as the foundation SDK ships it: TypeScript types
// generated from Grafana's schemas (the SDK ships no JSON Schema). Each dashboard, each panel's options and
// field config for its plugin, and each Prometheus query becomes an object literal that must satisfy the
// SDK's type with TypeScript's own checker: unknown keys, wrong types and values outside an enum all fail.
import ts from "typescript";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

type JsonObject = Record<string, unknown>;

/** The panel plugins whose options and field config the check knows (the SDK module of each). */
const panelModules: Record<string, string> = { timeseries: "timeseries", stat: "stat" };

// A virtual file beside this one, so that the SDK resolves from this package's node_modules.
const checkFile = join(dirname(fileURLToPath(import.meta.url)), "dashboard-schema.check.ts");

// What JSON can hold of an SDK type: enums as their values, methods (the SDK's variant markers) dropped.
const prelude = `
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import type * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import type * as stat from "@grafana/grafana-foundation-sdk/stat";
type Method = (...args: never[]) => unknown;
type Json<T> = 0 extends 1 & T ? unknown
  : T extends Method ? never
  : T extends string ? \`\${T}\`
  : T extends number | boolean | null ? T
  : T extends readonly (infer E)[] ? Json<E>[]
  : T extends object ? { [K in keyof T as T[K] extends Method | undefined ? never : K]: Json<T[K]> }
  : T;
type Panel = Omit<dashboard.Panel, "targets" | "options"> & { targets?: unknown[]; options?: unknown };
`;

const literal = (value: unknown): string => JSON.stringify(value);

function panelChecks(panel: JsonObject, at: string): string[] {
  if (panel.type === "row") return [`/* ${at} */ (${literal(panel)}) satisfies Json<dashboard.RowPanel>;`];
  const checks = [`/* ${at} */ (${literal(panel)}) satisfies Json<Panel>;`];
  const module = panelModules[String(panel.type)];
  if (module === undefined) return [...checks, `/* ${at}: unknown panel type */ undefined satisfies never;`];
  const fieldConfig = panel.fieldConfig as { defaults?: { custom?: unknown } } | undefined;
  checks.push(`/* ${at}.options */ (${literal(panel.options ?? {})}) satisfies Json<${module}.Options>;`);
  if (fieldConfig?.defaults?.custom !== undefined && module === "timeseries") {
    checks.push(
      `/* ${at}.fieldConfig.defaults.custom */ (${literal(fieldConfig.defaults.custom)}) satisfies Json<timeseries.FieldConfig>;`,
    );
  }
  const targets = (panel.targets ?? []) as unknown[];
  targets.forEach((target, i) =>
    checks.push(`/* ${at}.targets[${i}] */ (${literal(target)}) satisfies Json<prometheus.dataquery>;`),
  );
  return checks;
}

function sourceOf(dashboards: { name: string; dashboard: unknown }[]): string {
  const lines = [prelude];
  for (const { name, dashboard } of dashboards) {
    const { panels = [], ...rest } = dashboard as JsonObject & { panels?: JsonObject[] };
    lines.push(`/* ${name} */ (${literal(rest)}) satisfies Json<dashboard.Dashboard>;`);
    panels.forEach((panel, i) =>
      lines.push(...panelChecks(panel, `${name} panels[${i}] "${String(panel.title)}"`)),
    );
  }
  return lines.join("\n");
}

function hostFor(source: string, options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    file === checkFile
      ? ts.createSourceFile(file, source, language, true)
      : getSourceFile(file, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === checkFile || fileExists(file);
  return host;
}

/** Where each message names the dashboard and panel it is about, from the comment before the failing check. */
function describe(diagnostic: ts.Diagnostic, source: string): string {
  const start = diagnostic.start ?? 0;
  const lineStart = source.lastIndexOf("\n", start) + 1;
  const where = /^\/\* (.*?) \*\//.exec(source.slice(lineStart, lineStart + 300))?.[1] ?? "prelude";
  return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
}

/** Schema violations of each dashboard (empty when every dashboard is valid). */
export function dashboardSchemaErrors(dashboards: { name: string; dashboard: unknown }[]): string[] {
  const source = sourceOf(dashboards);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const program = ts.createProgram([checkFile], options, hostFor(source, options));
  const file = program.getSourceFile(checkFile);
  const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
  return diagnostics.map((diagnostic) => describe(diagnostic, source));
}
