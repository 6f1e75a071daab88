// Writes BENCHMARKS.md from bench/results/*.json: one section per benchmark, the machine and the date.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

type Rows = Record<string, string | number>[];
/** `tables`: further tables under the main one (the marketplace bench's per-query latencies). */
type Result = {
  name: string;
  date: string;
  description: string;
  rows: Rows;
  tables?: { title: string; rows: Rows }[];
};

const dir = join(import.meta.dirname, "results");
const results = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Result);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const table = (rows: Rows): string => {
  const keys = Object.keys(rows[0] ?? {});
  return [
    `| ${keys.join(" | ")} |`,
    `|${keys.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${keys.map((k) => r[k]).join(" | ")} |`),
  ].join("\n");
};
const sections = results.map(
  (r) =>
    `## ${r.name}\n\n${r.description}\n\nRun ${r.date}.\n\n${table(r.rows)}\n` +
    (r.tables ?? []).map((t) => `\n${t.title}\n\n${table(t.rows)}\n`).join(""),
);
writeFileSync(
  join(import.meta.dirname, "..", "BENCHMARKS.md"),
  `# Benchmarks\n\nProduced by \`make bench\` (raw results in \`bench/results/\`). Machine: ${machine}.\nThis machine is shared and noisy; compare ratios within one run rather than absolute figures across runs.\n\n${sections.join("\n")}`,
);
console.log(`Wrote BENCHMARKS.md from ${results.length} result file(s)`);
