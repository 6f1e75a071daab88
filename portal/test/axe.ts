// axe-core run inside the page (its source injected as a script; the portal's CSP allows inline scripts):
// the violations a person with a screen reader or a keyboard would hit.
import type { Page } from "playwright-core";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export type Violation = { id: string; impact: string; help: string; targets: string[] };

type AxeResult = {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
};

/** Serious and critical violations of WCAG 2.1 A/AA (and axe's best practices) on the page as it is now. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  const injected = await page.evaluate(() => "axe" in globalThis);
  if (!injected) await page.addScriptTag({ content: await axeSource });
  const result = await page.evaluate(() =>
    (
      globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResult> } }
    ).axe.run(document, { resultTypes: ["violations"] }),
  );
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? "",
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
}
