// The values table of charts/skillpod/README.md, generated from values.yaml's `# --` comments (helm-docs'
// convention) so the reference cannot drift: `npx tsx charts/scripts/values-reference.ts` rewrites it, and a
// test fails when the committed README differs.
import { readFileSync, writeFileSync } from "node:fs";
import { format, resolveConfig } from "prettier";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const chartDir = join(dirname(fileURLToPath(import.meta.url)), "../skillpod");
const start = "<!-- values:start -->";
const end = "<!-- values:end -->";

type Row = { key: string; value: string; description: string };

const keyLine = /^(\s*)([A-Za-z0-9_.-]+):\s?(.*)$/;

/** The block under a key with no inline value: its lines, trimmed and joined, or a pointer when long. */
function blockValue(lines: string[], from: number, indent: number): string {
  const block: string[] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    if (line.length - line.trimStart().length <= indent) break;
    block.push(line.trim());
  }
  return block.length <= 3 ? block.join(" ") : "(see values.yaml)";
}

type Key = { indent: number; key: string; inline: string };

function keyAt(line: string): Key | undefined {
  const match = keyLine.exec(line);
  if (!match || line.trimStart().startsWith("#")) return undefined;
  return { indent: (match[1] ?? "").length, key: match[2] ?? "", inline: (match[3] ?? "").trim() };
}

/** Every documented key of values.yaml: dotted path, default and description. */
export function documentedValues(valuesYaml: string): Row[] {
  const lines = valuesYaml.split("\n");
  const path: Key[] = [];
  const rows: Row[] = [];
  let description: string | undefined;
  lines.forEach((line, i) => {
    const comment = /^\s*# -- (.*)$/.exec(line);
    if (comment) description = comment[1];
    const key = comment ? undefined : keyAt(line);
    if (!key) return;
    while (path.length > 0 && (path.at(-1)?.indent ?? 0) >= key.indent) path.pop();
    path.push(key);
    if (description === undefined) return;
    const value = key.inline || blockValue(lines, i + 1, key.indent);
    rows.push({ key: path.map((p) => p.key).join("."), value, description });
    description = undefined;
  });
  return rows;
}

const cell = (text: string): string =>
  text.replaceAll("|", "\\|").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export function valuesTable(valuesYaml: string): string {
  const rows = documentedValues(valuesYaml).map(
    (r) => `| \`${r.key}\` | \`${cell(r.value)}\` | ${cell(r.description)} |`,
  );
  return ["| Key | Default | Description |", "| --- | --- | --- |", ...rows].join("\n");
}

/** README.md with its values section regenerated from values.yaml, formatted as the repository's prettier does. */
export async function readmeWithValues(readme: string, valuesYaml: string): Promise<string> {
  const before = readme.indexOf(start);
  const after = readme.indexOf(end);
  if (before < 0 || after < before) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  const markdown = `${readme.slice(0, before + start.length)}\n${valuesTable(valuesYaml)}\n${readme.slice(after)}`;
  const options = await resolveConfig(join(chartDir, "README.md"));
  return format(markdown, { ...options, parser: "markdown" });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readmePath = join(chartDir, "README.md");
  const values = readFileSync(join(chartDir, "values.yaml"), "utf8");
  writeFileSync(readmePath, await readmeWithValues(readFileSync(readmePath, "utf8"), values));
  console.log(`Wrote the values reference (${documentedValues(values).length} keys) into ${readmePath}`);
}
