// SkillPod's Prometheus rules (charts/skillpod/files/prometheus): Debian's promtool checks them and runs their
// unit tests, and every alert must carry what whoever it wakes needs (severity, `for`, a summary, a
// description and a runbook section in docs/runbooks.md) and be proven to fire by at least one promtool test.
import { runTool, toolPath } from "@skillpod/testkit";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";

type Rule = {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
type RuleFile = { groups: { name: string; rules: Rule[] }[] };
type AlertTest = { alertname: string; exp_alerts?: unknown[] };
type RuleTestFile = {
  rule_files: string[];
  tests: { alert_rule_test?: AlertTest[]; promql_expr_test?: { expr: string }[] }[];
};

const repoDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
const rulesDir = join(repoDir, "charts/skillpod/files/prometheus");
const rulesFile = join(rulesDir, "skillpod.rules.yaml");
const testsDir = join(rulesDir, "tests");
const runbooksFile = join(repoDir, "docs/runbooks.md");
const runbookBase = "https://github.com/skillpod/skillpod/blob/main/docs/runbooks.md#";
const severities = ["critical", "warning", "info"];

const rules = (load(readFileSync(rulesFile, "utf8")) as RuleFile).groups.flatMap((g) => g.rules);
const alerts = rules.filter((r): r is Rule & { alert: string } => r.alert !== undefined);
const records = rules.flatMap((r) => (r.record === undefined ? [] : [r.record]));
const testFiles = readdirSync(testsDir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => join(testsDir, f));
const ruleTests = testFiles.map((f) => ({ file: f, ...(load(readFileSync(f, "utf8")) as RuleTestFile) }));

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to dashes. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

const runbookHeadings = readFileSync(runbooksFile, "utf8")
  .split("\n")
  .filter((line) => line.startsWith("## "))
  .map((line) => line.slice(3).trim());

/** Alerts some promtool test expects to fire (a non-empty exp_alerts). */
const provenToFire = new Set(
  ruleTests.flatMap((f) =>
    f.tests.flatMap((t) =>
      (t.alert_rule_test ?? []).filter((a) => (a.exp_alerts ?? []).length > 0).map((a) => a.alertname),
    ),
  ),
);

/** A promql_expr_test covers a recording rule that it names, or that a __name__=~"…" matcher in it matches. */
function exprTestCovers(record: string): boolean {
  return ruleTests.some((f) =>
    f.tests.some((t) =>
      (t.promql_expr_test ?? []).some(({ expr }) => {
        if (expr.includes(record)) return true;
        const matchers = [...expr.matchAll(/__name__=~"([^"]+)"/g)].map((m) => new RegExp(`^(?:${m[1]})$`));
        return matchers.some((m) => m.test(record));
      }),
    ),
  );
}

beforeAll(() => {
  const found = spawnSync(toolPath("promtool"), ["--version"]);
  if (found.error || found.status !== 0) {
    throw new Error(
      `promtool is missing (${found.error?.message ?? `exit ${found.status}`}): install Debian's prometheus package ` +
        "(make deps, scripts/install-deps.sh), which ships /usr/bin/promtool",
    );
  }
});

describe("the Prometheus rules, checked by promtool", () => {
  it("pass promtool check rules (syntax, PromQL, templates) and hold the rules this test reads", async () => {
    const { stdout } = await runTool("promtool", ["check", "rules", rulesFile]);
    expect(stdout).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(alerts.length).toBeGreaterThan(0);
    expect(records.length).toBeGreaterThan(0);
  });

  it("pass their promtool unit tests (input series, expected alerts and recorded values)", async () => {
    expect(testFiles.length).toBeGreaterThan(0);
    const { stdout, stderr } = await runTool("promtool", ["test", "rules", ...testFiles], {
      cwd: rulesDir,
      allowFailure: true,
    });
    expect(stdout + stderr).not.toContain("FAILED");
    expect(stdout.match(/SUCCESS/g)?.length, stdout + stderr).toBe(testFiles.length);
  });

  it.each(testFiles)("%s tests the shipped rule file", (file) => {
    const test = ruleTests.find((t) => t.file === file);
    expect(test?.rule_files).toEqual(["../skillpod.rules.yaml"]);
  });

  it("is a plain rule file, with no Helm templating (the chart wraps it as it is)", () => {
    expect(readFileSync(rulesFile, "utf8")).not.toMatch(/\{\{-|\.Values|\.Release|\.Chart|\binclude\b/);
  });

  it("has unique group and rule names", () => {
    const groups = (load(readFileSync(rulesFile, "utf8")) as RuleFile).groups.map((g) => g.name);
    expect(new Set(groups).size).toBe(groups.length);
    expect(new Set(alerts.map((a) => a.alert)).size).toBe(alerts.length);
  });
});

describe.each(alerts.map((a) => [a.alert, a] as const))("alert %s", (name, alert) => {
  it("has a severity, a `for` and a summary and description", () => {
    expect(severities).toContain(alert.labels?.severity);
    expect(alert.for, "for: how long the condition must hold").toMatch(/^\d+[smhd]$/);
    expect(alert.annotations?.summary?.trim()).toBeTruthy();
    expect(alert.annotations?.description?.trim()).toBeTruthy();
  });

  it("links its own section of docs/runbooks.md", () => {
    const url = alert.annotations?.runbook_url ?? "";
    expect(url.startsWith(runbookBase), url).toBe(true);
    const anchor = url.slice(runbookBase.length);
    expect(anchor).toBe(anchorOf(name));
    expect(runbookHeadings.map(anchorOf), `docs/runbooks.md needs a "## ${name}" section`).toContain(anchor);
  });

  it("fires in at least one promtool test", () => {
    expect(provenToFire.has(name), `add an alert_rule_test expecting ${name} under ${testsDir}`).toBe(true);
  });
});

describe("recording rules and runbooks", () => {
  it.each(records)("%s is evaluated by a promql_expr_test", (record) => {
    expect(exprTestCovers(record), `add a promql_expr_test for ${record} under ${testsDir}`).toBe(true);
  });

  it("has no runbook section for an alert that does not exist", () => {
    const names = new Set(alerts.map((a) => a.alert));
    const orphans = runbookHeadings.filter((h) => h.startsWith("SkillPod") && !names.has(h));
    expect(orphans).toEqual([]);
  });
});
