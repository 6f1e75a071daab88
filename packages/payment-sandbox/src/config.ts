import { parseConfig } from "@skillpod/config";
import { z } from "zod";

const schema = z.object({
  PAYMENT_SANDBOX_DATABASE_URL: z.url("a PostgreSQL connection URL is required"),
  PAYMENT_SANDBOX_HOST: z.string().min(1).default("127.0.0.1"),
  PAYMENT_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(12480),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type PaymentSandboxConfig = {
  databaseUrl: string;
  host: string;
  port: number;
  logLevel: string;
};

export function loadPaymentSandboxConfig(env: Record<string, string | undefined>): PaymentSandboxConfig {
  const c = parseConfig(schema, env);
  return {
    databaseUrl: c.PAYMENT_SANDBOX_DATABASE_URL,
    host: c.PAYMENT_SANDBOX_HOST,
    port: c.PAYMENT_SANDBOX_PORT,
    logLevel: c.LOG_LEVEL,
  };
}
