import { parseConfig } from "@skillpod/config";
import { hostname } from "node:os";
import { z } from "zod";

const flag = z.enum(["true", "false"]).transform((v) => v === "true");
const positive = z.coerce.number().int().positive();

const schema = z.object({
  KUBECONFIG: z.string().optional(),
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  OPERATOR_WORKERS: positive.default(4),
  /** Unset: every namespace. */
  OPERATOR_WATCH_NAMESPACE: z.string().min(1).optional(),
  OPERATOR_RESYNC_SECONDS: positive.default(300),
  OPERATOR_METRICS_HOST: z.string().default("0.0.0.0"),
  OPERATOR_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  OPERATOR_LEADER_ELECTION: flag.default(true),
  OPERATOR_LEASE_NAMESPACE: z.string().min(1).default("skillpod-system"),
  OPERATOR_LEASE_NAME: z.string().min(1).default("skillpod-operator"),
  OPERATOR_IDENTITY: z.string().min(1).default(`${hostname()}-${process.pid}`),
  OPERATOR_LEASE_DURATION_SECONDS: positive.default(15),
  OPERATOR_RENEW_DEADLINE_SECONDS: positive.default(10),
  OPERATOR_RETRY_PERIOD_SECONDS: z.coerce.number().positive().default(2),
  OPERATOR_BACKOFF_BASE_MS: positive.default(500),
  OPERATOR_BACKOFF_MAX_MS: positive.default(300_000),
  OPERATOR_USAGE_REFRESH_SECONDS: positive.default(300),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]).default("info"),
  /** OTLP/HTTP collector base URL for reconcile spans; unset: spans are made (trace ids in logs), not exported. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
});

export type OperatorConfig = z.infer<typeof schema>;

/** The operator's one config, parsed once at start; a bad value stops the process with the variable named. */
export function loadOperatorConfig(env: Record<string, string | undefined>): OperatorConfig {
  const config = parseConfig(schema, env);
  if (config.OPERATOR_RENEW_DEADLINE_SECONDS >= config.OPERATOR_LEASE_DURATION_SECONDS) {
    throw new Error("OPERATOR_RENEW_DEADLINE_SECONDS must be less than OPERATOR_LEASE_DURATION_SECONDS");
  }
  return config;
}
