// ServiceMonitor and PrometheusRule are the Prometheus Operator's kinds: installing its real CRDs (fetched by
// scripts/build-binaries.sh) lets the apiserver validate the chart's monitoring objects field by field.
import { toolsDir } from "@skillpod/testkit";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { kubectl } from "./chart-tools.js";

const crds = ["servicemonitors", "prometheusrules"];

export async function installPrometheusOperatorCrds(): Promise<void> {
  const dir = join(toolsDir(), "prometheus-operator-crds");
  const files = crds.map((kind) => join(dir, `monitoring.coreos.com_${kind}.yaml`));
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`missing ${missing.join(", ")}: run make deps`);
  await kubectl(["apply", "--server-side", "--force-conflicts", ...files.flatMap((f) => ["-f", f])]);
  await kubectl([
    "wait",
    "--for=condition=Established",
    ...crds.map((kind) => `crd/${kind}.monitoring.coreos.com`),
  ]);
}
