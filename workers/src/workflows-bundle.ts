// The workflow code is bundled once per process and shared by every worker in it (webpack takes seconds).
import { bundleWorkflowCode, type WorkflowBundle } from "@temporalio/worker";
import type { OpenTelemetryPlugin } from "@temporalio/interceptors-opentelemetry";
import { fileURLToPath } from "node:url";

export const workflowsPath = fileURLToPath(new URL("./workflows/index.ts", import.meta.url));

/** Bundles the workflows with the tracing plugin's workflow interceptors. */
export function bundleWorkflows(plugin: OpenTelemetryPlugin): Promise<WorkflowBundle> {
  const quiet = (): void => undefined;
  return bundleWorkflowCode({
    workflowsPath,
    plugins: [plugin],
    logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet, log: quiet },
  });
}
