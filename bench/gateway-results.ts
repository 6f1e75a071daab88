// bench/results/gateway.json holds one run per viewer mode and viewer count, so that a run of one mode (the
// machine is shared: a whole run of both rarely fits a quiet moment) replaces only its own figures. The
// tables BENCHMARKS.md shows are rebuilt from those runs each time.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { viewerModes, type ViewerMode } from "./rfb-viewer.js";

type Row = Record<string, string | number>;

export type GatewayRun = {
  mode: ViewerMode;
  viewers: number;
  date: string;
  /** Load average (1 / 5 / 15 min) when the run started. */
  load: string;
  connectSeconds: string;
  screen: Row[];
  targets: Row[];
  input: Row[];
};

type StoredResult = {
  name: string;
  date: string;
  description: string;
  rows: Row[];
  tables: { title: string; rows: Row[] }[];
  runs?: GatewayRun[];
};

const file = join(import.meta.dirname, "results", "gateway.json");

/** The first round's file had no runs: its figures were one run of 200 request-mode viewers. */
function legacyRun(stored: StoredResult): GatewayRun[] {
  if (stored.rows.length === 0) return [];
  const said = (pattern: RegExp): string => pattern.exec(stored.description)?.[1] ?? "—";
  const [targets = [], input = []] = stored.tables.map((t) => t.rows);
  return [
    {
      mode: "request",
      viewers: Number(stored.rows[0]?.viewers ?? 0),
      date: stored.date,
      load: said(/started: (.*)\.$/),
      connectSeconds: said(/opened in ([\d.]+) s/),
      ...{ screen: stored.rows, targets, input },
    },
  ];
}

function storedRuns(): GatewayRun[] {
  if (!existsSync(file)) return [];
  const stored = JSON.parse(readFileSync(file, "utf8")) as StoredResult;
  return stored.runs ?? legacyRun(stored);
}

const runName = (run: GatewayRun): string => `${run.mode}, ${run.viewers} viewers`;

const byModeThenMostViewers = (a: GatewayRun, b: GatewayRun): number =>
  viewerModes.indexOf(a.mode) - viewerModes.indexOf(b.mode) || b.viewers - a.viewers;

/** One row per target, one column per run: the runs side by side rather than a table each. */
function targetTable(runs: GatewayRun[]): Row[] {
  const measures = [...new Set(runs.flatMap((run) => run.targets.map((t) => String(t.measure))))];
  return measures.map((measure) => {
    const row: Row = { measure, target: "—" };
    for (const run of runs) {
      const found = run.targets.find((t) => t.measure === measure);
      if (found?.target !== undefined && found.target !== "—") row.target = found.target;
      const met = found?.met === undefined || found.met === "—" ? "" : ` ${found.met}`;
      row[runName(run)] = found === undefined ? "—" : `${found.value}${met}`;
    }
    return row;
  });
}

/** Viewer mode and count lead every row (a screen row already has its count; the spread keeps it). */
const withRun = (run: GatewayRun, rows: Row[]): Row[] =>
  rows.map((row) => ({ "viewer mode": run.mode, viewers: run.viewers, ...row }));

/** Adds (or replaces) this run's figures and rewrites the file. */
export function recordGatewayRun(run: GatewayRun, header: { name: string; description: string }): Row[][] {
  const runs = [...storedRuns().filter((r) => r.mode !== run.mode || r.viewers !== run.viewers), run].sort(
    byModeThenMostViewers,
  );
  const conditions = runs.map((r) => ({
    run: runName(r),
    "finished at": r.date,
    "load average at start (1 / 5 / 15 min)": r.load,
    "viewers opened in (s)": r.connectSeconds,
  }));
  const tables = [
    { title: "Targets (issue 13), each run in its own column:", rows: targetTable(runs) },
    {
      title: "Input latency, key → echoed pixels, for the interactive session:",
      rows: runs.flatMap((r) => withRun(r, r.input)),
    },
    { title: "Runs:", rows: conditions },
  ];
  const result: StoredResult = {
    ...header,
    date: run.date,
    rows: runs.flatMap((r) => withRun(r, r.screen)),
    tables,
    runs,
  };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return [result.rows, ...tables.map((t) => t.rows)];
}
