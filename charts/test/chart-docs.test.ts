// The chart's README keeps its values reference in step with values.yaml, and documents every top-level key.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { documentedValues, readmeWithValues } from "../scripts/values-reference.js";
import { chartDir } from "./chart-tools.js";

const values = readFileSync(join(chartDir, "values.yaml"), "utf8");
const readme = readFileSync(join(chartDir, "README.md"), "utf8");
const schema = JSON.parse(readFileSync(join(chartDir, "values.schema.json"), "utf8")) as {
  properties: Record<string, unknown>;
};

describe("the chart's README", () => {
  it("has the values reference generated from values.yaml (npx tsx charts/scripts/values-reference.ts)", async () => {
    expect(readme).toBe(await readmeWithValues(readme, values));
  });

  it("documents every key the schema allows at the top level, or the keys under it", () => {
    const documented = documentedValues(values).map((row) => row.key);
    const undocumented = Object.keys(schema.properties).filter(
      (key) => !documented.some((d) => d === key || d.startsWith(`${key}.`)),
    );
    expect(undocumented).toEqual([]);
  });

  it("names every Secret key the templates read", () => {
    const templates = ["_env.tpl", "workers.yaml"].map((f) =>
      readFileSync(join(chartDir, "templates", f), "utf8"),
    );
    const keys = templates.flatMap((t) =>
      [...t.matchAll(/secretEnv" \(list "\w+" [^"]+"([a-z-]+)"\)/g)].map((m) => m[1]),
    );
    expect(keys.length).toBeGreaterThan(4);
    for (const key of keys) expect(readme).toContain(`\`${key}\``);
  });
});
