// The money path's real parts around a test app: the payment sandbox, the real workers process (supervised,
// so a test may SIGKILL it), a mail sink for notification emails, and the control plane on the same task
// queues and BullMQ prefix. Each stack has its own prefix, so tests never take each other's work.
import { createPaymentSandbox, type PaymentSandbox } from "@skillpod/payment-sandbox";
import { WorkerSupervisor, bundleWorkflows, stackEnv, waitFor } from "@skillpod/testkit";
import type { FastifyInstance } from "fastify";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { buildTestApp } from "./app-harness.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export type MoneyStack = {
  app: FastifyInstance;
  sandbox: PaymentSandbox;
  sandboxUrl: string;
  workers: WorkerSupervisor;
  /** The task-queue and BullMQ prefix of this stack. */
  prefix: string;
  /** Config overrides that put another control-plane process on this stack (live channel tests). */
  appEnv: Record<string, string>;
  close(): Promise<void>;
};

export type MoneyStackOptions = {
  /** WORKERS_FAILPOINTS for durability tests. */
  failpoints?: string;
  /** Extra control-plane config. */
  appOverrides?: Record<string, string>;
  /** Echo the workers' output (MONEY_STACK_VERBOSE=1 does too). */
  verbose?: boolean;
};

let bundle: Promise<string> | undefined;

/** One workflow bundle per test process: bundling takes seconds. */
function workflowBundle(): Promise<string> {
  bundle ??= mkdtemp(join(tmpdir(), "skillpod-bundle-")).then(async (dir) => {
    const file = join(dir, "workflows.js");
    await bundleWorkflows(file);
    return file;
  });
  return bundle;
}

function startMailSink(port: number, dir: string): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", join(repoRoot, "workers/scripts/dev-mail-sink.ts"), String(port), dir],
    { cwd: repoRoot, stdio: "ignore" },
  );
}

export async function startMoneyStack(options: MoneyStackOptions = {}): Promise<MoneyStack> {
  const prefix = `cp${randomUUID().slice(0, 8)}`;
  const sandbox = await createPaymentSandbox({
    databaseUrl: stackEnv("TEST_DATABASE_URL"),
    log: pino({ level: "warn" }),
  });
  const sandboxUrl = await sandbox.app.listen({ host: "127.0.0.1", port: 0 });
  const mailDir = await mkdtemp(join(tmpdir(), "skillpod-mail-"));
  const mailPort = 20_000 + Math.floor(Math.random() * 20_000);
  const mailSink = startMailSink(mailPort, mailDir);
  const workers = new WorkerSupervisor(
    {
      TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
      DATABASE_URL: stackEnv("TEST_APP_DATABASE_URL"),
      REDIS_URL: stackEnv("REDIS_URL"),
      KUBECONFIG: stackEnv("KUBECONFIG"),
      WORKERS_TASK_QUEUE_PREFIX: prefix,
      WORKERS_TASK_QUEUES: "contracts,payments",
      WORKERS_CONSUMERS: "notifications",
      WORKERS_BULLMQ_PREFIX: `bull-${prefix}`,
      USAGE_SCHEDULE: "false",
      WORKERS_WORKFLOW_BUNDLE: await workflowBundle(),
      WORKERS_HTTP_PORT: "0",
      WORKERS_HTTP_HOST: "127.0.0.1",
      PAYMENT_SANDBOX_URL: sandboxUrl,
      PAYMENT_TIMEOUT_MS: "5000",
      SMTP_URL: `smtp://127.0.0.1:${mailPort}`,
      WORKERS_FAILPOINTS: options.failpoints ?? "",
      LOG_LEVEL: "info",
    },
    options.verbose === true || process.env.MONEY_STACK_VERBOSE === "1",
  );
  workers.start();
  const appEnv = { TEMPORAL_TASK_QUEUE_PREFIX: prefix, BULLMQ_PREFIX: `bull-${prefix}` };
  const app = await buildTestApp({ ...appEnv, ...options.appOverrides });
  await waitFor("the workers process to start", () => Promise.resolve(workers.ready), { timeoutMs: 120_000 });
  return {
    app,
    sandbox,
    sandboxUrl,
    workers,
    prefix,
    appEnv,
    async close() {
      await app.close();
      await workers.stop();
      mailSink.kill("SIGTERM");
      await sandbox.close();
      await rm(mailDir, { recursive: true, force: true });
    },
  };
}
