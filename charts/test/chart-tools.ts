// The chart's tests drive the real tools: helm (with the chart's CI values), helm-unittest, and kubectl against
// the local cluster. Paths are the repository's, so the tests run from any working directory.
import { runTool, stackEnv, type ToolResult } from "@skillpod/testkit";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const chartDir = join(repoDir, "charts/skillpod");

/** The chart's CI values files (charts/skillpod/ci/*-values.yaml), each linted and rendered by the tests. */
export function ciValuesFiles(): string[] {
  return readdirSync(join(chartDir, "ci"))
    .filter((f) => f.endsWith("-values.yaml"))
    .map((f) => join(chartDir, "ci", f));
}

/** helm, with the stack's kubeconfig when one is loaded; Helm's own state stays in a temporary home. */
export function helm(args: string[], input?: string): Promise<ToolResult> {
  return runTool("helm", args, {
    input,
    env: { KUBECONFIG: process.env.KUBECONFIG, HELM_NAMESPACE: undefined },
  });
}

export function kubectl(args: string[], input?: string): Promise<ToolResult> {
  return runTool("kubectl", args, { input, env: { KUBECONFIG: stackEnv("KUBECONFIG") } });
}

/** Every object the chart renders for a values file, as one multi-document YAML stream. */
export async function renderChart(
  valuesFile: string,
  namespace: string,
  extra: string[] = [],
): Promise<string> {
  const { stdout } = await helm([
    "template",
    "skillpod",
    chartDir,
    "-n",
    namespace,
    "-f",
    valuesFile,
    ...extra,
  ]);
  return stdout;
}
