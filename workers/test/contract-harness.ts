// A contract stack for tests and the benchmark: real PostgreSQL, the real payment sandbox service over
// HTTP, real Redis (BullMQ) and in-process Temporal workers on the real dev server. Task queues are
// prefixed per run so parallel runs and `make dev` never steal each other's tasks.
import { createPaymentSandbox, type PaymentSandbox } from "@skillpod/payment-sandbox";
import { ContractsClient } from "@skillpod/contracts-client";
import { loadKubeConfig, type PooledKubeConfig } from "@skillpod/kube-client";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { Client, Connection } from "@temporalio/client";
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type WorkerOptions,
  type WorkflowBundle,
} from "@temporalio/worker";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { pino, type Logger } from "pino";
import { createContractActivities } from "../src/contracts/contract-activities.js";
import { createNoticePublisher } from "../src/contracts/party-notices.js";
import type { Failpoints } from "../src/failpoints.js";
import { deposit, post } from "../src/ledger/index.js";
import { createSandboxPaymentProvider } from "../src/payments/sandbox-provider.js";
import { createPayoutActivities } from "../src/payouts/payout-activities.js";
import { createProvisioningActivities } from "../src/provisioning/index.js";

export const workflowsPath = fileURLToPath(new URL("../src/workflows/index.ts", import.meta.url));

let bundle: Promise<WorkflowBundle> | undefined;
/** The workflow bundle, built once per process (webpack takes seconds). */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: { ...silentBundlerLogger } });
  return bundle;
}
const silentBundlerLogger = {
  trace: (): void => undefined,
  debug: (): void => undefined,
  info: (): void => undefined,
  warn: (): void => undefined,
  error: (message: string): void => console.error(message),
  log: (): void => undefined,
};

export type ContractStack = {
  pool: pg.Pool;
  client: Client;
  contracts: ContractsClient;
  sandboxUrl: string;
  queues: { contracts: string; payments: string; provisioning: string };
  notifications: Queue;
  log: Logger;
  /** Credits a client's wallet (a card charge that arrived). */
  deposit(clientId: string, amountMinor: number, currency?: string): Promise<void>;
  /** Asks the sandbox to misbehave for one destination (fail, decline, slow, timeout). */
  fault(fault: { mode: string; destination: string; count?: number; delayMs?: number }): Promise<void>;
  sandboxPayouts(
    destination: string,
  ): Promise<{ id: string; amountMinor: number; metadata: Record<string, string> }[]>;
  close(): Promise<void>;
};

export type ContractStackOptions = {
  inProcessWorkers?: boolean;
  failpoints?: Failpoints;
  providerTimeoutMs?: number;
  /**
   * Also serve `<prefix>-provisioning` with the real provisioning activities against the stack's cluster
   * (KUBECONFIG). Off by default: contracts without `workspace` terms never start provisioning.
   */
  provisioningWorker?: boolean;
};

type RunningWorkers = {
  runs: Promise<void>[];
  workers: Worker[];
  connection: NativeConnection;
  kubeConfig?: PooledKubeConfig;
};

function provisioningWorker(
  common: Pick<WorkerOptions, "connection" | "namespace" | "workflowBundle">,
  stack: Pick<ContractStack, "pool" | "queues" | "log">,
  kubeConfig: PooledKubeConfig,
): Promise<Worker> {
  return Worker.create({
    ...common,
    taskQueue: stack.queues.provisioning,
    // Heartbeats (and the cancellations they bring back) go out at once rather than every 24 s.
    maxHeartbeatThrottleInterval: "1 second",
    // A wait for Ready that ignores its cancellation must not hang close().
    shutdownForceTime: "10 seconds",
    activities: createProvisioningActivities({ kubeConfig, pool: stack.pool, log: stack.log }),
  });
}

async function startSandbox(log: Logger): Promise<{ sandbox: PaymentSandbox; url: string }> {
  const sandbox = await createPaymentSandbox({
    databaseUrl: stackEnv("TEST_DATABASE_URL"),
    log: log.child({ part: "sandbox" }),
  });
  const url = await sandbox.app.listen({ host: "127.0.0.1", port: 0 });
  return { sandbox, url };
}

async function startWorkers(
  stack: Pick<ContractStack, "pool" | "queues" | "sandboxUrl" | "log">,
  notices: Queue,
  options: ContractStackOptions,
): Promise<RunningWorkers> {
  const connection = await NativeConnection.connect({ address: stackEnv("TEMPORAL_ADDRESS") });
  const workflowBundleCode = await workflowBundle();
  const payments = createSandboxPaymentProvider({
    baseUrl: stack.sandboxUrl,
    timeoutMs: options.providerTimeoutMs ?? 5_000,
  });
  const common = {
    connection,
    namespace: "default",
    workflowBundle: workflowBundleCode,
  };
  const workers = [
    await Worker.create({
      ...common,
      taskQueue: stack.queues.contracts,
      activities: createContractActivities({
        pool: stack.pool,
        log: stack.log,
        publishNotice: createNoticePublisher({ pool: stack.pool, queue: notices }),
      }),
    }),
    await Worker.create({
      ...common,
      taskQueue: stack.queues.payments,
      activities: createPayoutActivities({
        pool: stack.pool,
        payments,
        log: stack.log,
        publishNotice: createNoticePublisher({ pool: stack.pool, queue: notices }),
        ...(options.failpoints ? { failpoints: options.failpoints } : {}),
      }),
    }),
  ];
  const kubeConfig = options.provisioningWorker ? loadKubeConfig(stackEnv("KUBECONFIG")) : undefined;
  if (kubeConfig !== undefined) workers.push(await provisioningWorker(common, stack, kubeConfig));
  return {
    runs: workers.map((w) => w.run()),
    workers,
    connection,
    ...(kubeConfig === undefined ? {} : { kubeConfig }),
  };
}

export async function startContractStack(options: ContractStackOptions = {}): Promise<ContractStack> {
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "warn" });
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const queues = {
    contracts: `${prefix}-contracts`,
    payments: `${prefix}-payments`,
    provisioning: `${prefix}-provisioning`,
  };
  const pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 20 });
  const redis = new Redis(stackEnv("REDIS_URL"), { maxRetriesPerRequest: null });
  const notifications = new Queue("notifications", { connection: redis, prefix: `bull-${prefix}` });
  const { sandbox, url: sandboxUrl } = await startSandbox(log);
  const connection = await Connection.connect({ address: stackEnv("TEMPORAL_ADDRESS") });
  const client = new Client({ connection, namespace: "default" });
  const base = { pool, queues, sandboxUrl, log };
  const running =
    options.inProcessWorkers === false ? undefined : await startWorkers(base, notifications, options);
  return {
    ...base,
    client,
    contracts: new ContractsClient({ client, taskQueues: queues }),
    notifications,
    deposit: async (clientId, amountMinor, currency = "EUR") => {
      await post(
        pool,
        deposit({ idempotencyKey: `deposit-${randomUUID()}`, currency, clientId, amountMinor }),
      );
    },
    fault: async (fault) => {
      const response = await fetch(`${sandboxUrl}/v1/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fault),
      });
      if (!response.ok) throw new Error(`sandbox refused fault: ${response.status} ${await response.text()}`);
    },
    sandboxPayouts: async (destination) => {
      const response = await fetch(`${sandboxUrl}/v1/payouts?destination=${encodeURIComponent(destination)}`);
      const body = (await response.json()) as { data?: unknown[] } | unknown[];
      return (Array.isArray(body) ? body : (body.data ?? [])) as Awaited<
        ReturnType<ContractStack["sandboxPayouts"]>
      >;
    },
    close: async () => {
      if (running !== undefined) {
        for (const worker of running.workers) worker.shutdown();
        await Promise.allSettled(running.runs);
        await running.connection.close();
        running.kubeConfig?.destroyAgents();
      }
      await connection.close();
      await notifications.close();
      redis.disconnect();
      await sandbox.close();
      await pool.end();
    },
  };
}

export const waitUntil = waitFor;
