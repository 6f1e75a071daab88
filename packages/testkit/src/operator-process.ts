import { freePort } from "./free-port.js";
import { NodeProcess } from "./node-process.js";
import { stackEnv } from "./stack-env.js";

/**
 * The real operator as its own process, watching one namespace of the local stack (every namespace when none
 * is given), with short backoffs so a test sees its reconciles in seconds; `env` adds or overrides settings
 * (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). The caller stops it.
 */
export async function startOperatorProcess(
  namespace?: string,
  env: Record<string, string> = {},
): Promise<NodeProcess> {
  const port = await freePort();
  return NodeProcess.start({
    entry: "operator/src/main.ts",
    env: {
      KUBECONFIG: stackEnv("KUBECONFIG"),
      OPERATOR_LEADER_ELECTION: "false",
      ...(namespace ? { OPERATOR_WATCH_NAMESPACE: namespace } : {}),
      OPERATOR_METRICS_HOST: "127.0.0.1",
      OPERATOR_METRICS_PORT: String(port),
      OPERATOR_RESYNC_SECONDS: "20",
      OPERATOR_BACKOFF_BASE_MS: "200",
      OPERATOR_BACKOFF_MAX_MS: "5000",
      ...env,
    },
    readyUrl: `http://127.0.0.1:${port}/healthz`,
  });
}
