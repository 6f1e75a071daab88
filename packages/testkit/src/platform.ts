// The platform as a person touches it, as separate real processes on the local stack (the portal's browser
// tests and its benchmark run on it): the control plane API, the
// session gateway, the workers (contracts, payments, provisioning, notifications), the payment sandbox, the
// operator (unless one already serves the cluster), and the production portal. Each stack has its own task
// queue and BullMQ prefix, so it never takes another test's work.
import { skillPodApiVersion, skillPodClassPlural, skillPodGroup, skillPodVersion } from "@skillpod/api";
import { loadKubeConfig } from "@skillpod/kube-client";
import { freePort } from "./free-port.js";
import { NodeProcess } from "./node-process.js";
import { startOperatorProcess } from "./operator-process.js";
import { stackEnv } from "./stack-env.js";
import { waitFor } from "./wait-for.js";
import { bundleWorkflows, WorkerSupervisor } from "./worker-supervisor.js";
import { CustomObjectsApi } from "@kubernetes/client-node";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePortalBuild, portalServer } from "./portal-build.js";

/** The platform's processes that serve Prometheus metrics at /metrics. */
export type MetricsSource = "control-plane" | "gateway" | "workers" | "operator";

export type Platform = {
  /** Nothing listens there when the platform started without the portal. */
  portalUrl: string;
  apiUrl: string;
  gatewayUrl: string;
  /** The payment sandbox the workers pay through (faults: POST /v1/faults). */
  paymentSandboxUrl: string;
  /** host:port of each process' /metrics, for a Prometheus to scrape. */
  metricsTargets: Record<MetricsSource, string>;
  stop(): Promise<void>;
};

const desktopClass = "standard-desktop";

/** The class jobs name by default; the local stack's `make dev` applies it, a test stack may not have it. */
async function ensureDesktopClass(): Promise<void> {
  const custom = loadKubeConfig(stackEnv("KUBECONFIG")).makeApiClient(CustomObjectsApi);
  const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodClassPlural };
  const exists = await custom.getClusterCustomObject({ ...coordinates, name: desktopClass }).then(
    () => true,
    () => false,
  );
  if (exists) return;
  await custom.createClusterCustomObject({
    ...coordinates,
    body: {
      apiVersion: skillPodApiVersion,
      kind: "SkillPodClass",
      metadata: { name: desktopClass },
      spec: {
        image: "ghcr.io/skillpod/desktop:1.0",
        streamPort: 5901,
        resources: { default: { cpu: "1", memory: "2Gi" }, max: { cpu: "4", memory: "8Gi" } },
      },
    },
  });
}

/** The operator of `make dev` when it runs (two operators would fight over one object); otherwise our own. */
async function ensureOperator(): Promise<NodeProcess | undefined> {
  const running = await fetch("http://127.0.0.1:8081/readyz").then(
    (r) => r.ok,
    () => false,
  );
  return running ? undefined : startOperatorProcess();
}

type Ports = { api: number; gateway: number; portal: number; sandbox: number; workers: number };

function startWorkers(prefix: string, ports: Ports, bundle: string): WorkerSupervisor {
  const workers = new WorkerSupervisor({
    TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
    DATABASE_URL: stackEnv("TEST_APP_DATABASE_URL"),
    REDIS_URL: stackEnv("REDIS_URL"),
    KUBECONFIG: stackEnv("KUBECONFIG"),
    WORKERS_TASK_QUEUE_PREFIX: prefix,
    WORKERS_TASK_QUEUES: "contracts,payments,provisioning",
    WORKERS_CONSUMERS: "notifications",
    WORKERS_BULLMQ_PREFIX: `bull-${prefix}`,
    USAGE_SCHEDULE: "false",
    WORKERS_WORKFLOW_BUNDLE: bundle,
    WORKERS_HTTP_PORT: String(ports.workers),
    WORKERS_HTTP_HOST: "127.0.0.1",
    PAYMENT_SANDBOX_URL: `http://127.0.0.1:${ports.sandbox}`,
    // No mail sink: notification emails fail and retry, which the journeys do not read.
    SMTP_URL: "smtp://127.0.0.1:9",
    // The supervisor knows the process is up from its "Started workers" line (info).
    LOG_LEVEL: "info",
  });
  workers.start();
  return workers;
}

function apiEnv(ports: Ports, prefix: string): Record<string, string> {
  return {
    APP_DATABASE_URL: stackEnv("TEST_APP_DATABASE_URL"),
    REDIS_URL: stackEnv("REDIS_URL"),
    TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
    KUBECONFIG: stackEnv("KUBECONFIG"),
    MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    INTERNAL_API_TOKEN: randomBytes(32).toString("hex"),
    COOKIE_SECURE: "false",
    HOST: "127.0.0.1",
    PORT: String(ports.api),
    PUBLIC_URL: `http://127.0.0.1:${ports.api}`,
    GATEWAY_PUBLIC_URL: `ws://127.0.0.1:${ports.gateway}/v1/desktop`,
    TEMPORAL_TASK_QUEUE_PREFIX: prefix,
    BULLMQ_PREFIX: `bull-${prefix}`,
    TRUSTED_PROXIES: "127.0.0.1",
    // Every journey signs up and in from 127.0.0.1 within seconds.
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: "1000000",
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_DEFAULT_PER_MINUTE: "100000",
    LOG_LEVEL: "warn",
  };
}

function startServices(ports: Ports, prefix: string): Promise<NodeProcess[]> {
  const env = apiEnv(ports, prefix);
  return Promise.all([
    NodeProcess.start({
      entry: "control-plane/src/main.ts",
      env,
      readyUrl: `http://127.0.0.1:${ports.api}/readyz`,
      readyTimeoutMs: 120_000,
    }),
    NodeProcess.start({
      entry: "control-plane/src/gateway-main.ts",
      env: { ...env, GATEWAY_HOST: "127.0.0.1", GATEWAY_PORT: String(ports.gateway) },
      readyUrl: `http://127.0.0.1:${ports.gateway}/readyz`,
    }),
    NodeProcess.start({
      entry: "packages/payment-sandbox/src/main.ts",
      env: {
        PAYMENT_SANDBOX_DATABASE_URL: stackEnv("TEST_DATABASE_URL"),
        PAYMENT_SANDBOX_PORT: String(ports.sandbox),
      },
      readyUrl: `http://127.0.0.1:${ports.sandbox}/healthz`,
    }),
  ]);
}

/** The standalone server.js the image runs (images/portal/Dockerfile), not `next start`. */
function startPortal(ports: Ports): Promise<NodeProcess> {
  return NodeProcess.start({
    entry: portalServer,
    command: [process.execPath, portalServer],
    env: {
      PORT: String(ports.portal),
      HOSTNAME: "127.0.0.1",
      SKILLPOD_API_URL: `http://127.0.0.1:${ports.api}`,
      COOKIE_SECURE: "false",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
    },
    readyUrl: `http://127.0.0.1:${ports.portal}/sign-in`,
    // PLATFORM_VERBOSE=1 echoes the portal server's log (a server component's error is only said there).
    verbose: process.env.PLATFORM_VERBOSE === "1",
  });
}

type Stoppable = { stop(): Promise<unknown> };

type Plan = { ports: Ports; prefix: string; bundle: string; portal: boolean };

export type PlatformOptions = {
  /** Start the portal (built first when its sources are newer than the build); true by default. */
  portal?: boolean;
};

/**
 * Starts each part in turn; when one fails, the parts already started stop before the error surfaces.
 * Resolves with the operator's metrics address (make dev's operator when it runs).
 */
async function startAll(plan: Plan, started: Stoppable[]): Promise<string> {
  const { ports, prefix, bundle } = plan;
  const [operator] = await Promise.all([
    ensureOperator(),
    ensureDesktopClass(),
    plan.portal ? ensurePortalBuild() : undefined,
    bundleWorkflows(bundle),
  ]);
  if (operator) started.push(operator);
  started.push(...(await startServices(ports, prefix)));
  const workers = startWorkers(prefix, ports, bundle);
  started.push(workers);
  if (plan.portal) started.push(await startPortal(ports));
  await waitFor("the workers process to start", () => Promise.resolve(workers.ready), {
    timeoutMs: 120_000,
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${workers.output.slice(-30).join("\n")}`);
  });
  return operator ? new URL(operator.options.readyUrl).host : "127.0.0.1:8081";
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const prefix = `pt${randomUUID().slice(0, 8)}`;
  const ports: Ports = {
    api: await freePort(),
    gateway: await freePort(),
    portal: await freePort(),
    sandbox: await freePort(),
    workers: await freePort(),
  };
  const bundle = join(await mkdtemp(join(tmpdir(), "skillpod-bundle-")), "workflows.js");
  const started: Stoppable[] = [];
  const stop = async (): Promise<void> => void (await Promise.all(started.map((part) => part.stop())));
  const plan: Plan = { ports, prefix, bundle, portal: options.portal ?? true };
  const operatorMetrics = await startAll(plan, started).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    portalUrl: `http://127.0.0.1:${ports.portal}`,
    apiUrl: `http://127.0.0.1:${ports.api}`,
    gatewayUrl: `http://127.0.0.1:${ports.gateway}`,
    paymentSandboxUrl: `http://127.0.0.1:${ports.sandbox}`,
    metricsTargets: {
      "control-plane": `127.0.0.1:${ports.api}`,
      gateway: `127.0.0.1:${ports.gateway}`,
      workers: `127.0.0.1:${ports.workers}`,
      operator: operatorMetrics,
    },
    stop,
  };
}
