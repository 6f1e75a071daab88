// The workers process as production runs it: `node --import tsx workers/src/main.ts` as a child process with its
// configuration in the environment, on the real Temporal dev server, PostgreSQL, Redis and cluster, paying
// through a real payment sandbox and mailing through a real SMTP server. Task queues carry a prefix of our
// own; the notifications consumer runs on BullMQ's default prefix, so its rows are told apart by the
// contract's dedupe keys.
import { createPaymentSandbox, type PaymentSandbox } from "@skillpod/payment-sandbox";
import { ContractsClient } from "@skillpod/contracts-client";
import { freePort, stackEnv, waitFor } from "@skillpod/testkit";
import { Client, Connection } from "@temporalio/client";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { pino } from "pino";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deposit, post } from "../src/ledger/index.js";
import { clientOf, freelancerOf, milestone, newTerms } from "./contract-fixtures.js";

const repo = join(import.meta.dirname, "..", "..");
const run = randomBytes(4).toString("hex");
const prefix = `wp-${run}`;
const queues = {
  contracts: `${prefix}-contracts`,
  payments: `${prefix}-payments`,
  provisioning: `${prefix}-provisioning`,
};
const scratch = mkdtempSync(join(tmpdir(), `workers-process-${run}-`));
const bundlePath = join(scratch, "workflow-bundle.js");

type Spawned = {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const spawned: ChildProcess[] = [];
// A last resort if the test process goes down before afterAll: no workers process may outlive the run.
process.once("exit", () => {
  for (const child of spawned) child.kill("SIGKILL");
});

function spawnWorkers(env: Record<string, string>): Spawned {
  // `node --import tsx`, not the tsx CLI, so the signals we send reach the workers process itself.
  const child = spawn(process.execPath, ["--import", "tsx", "workers/src/main.ts"], {
    cwd: repo,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  spawned.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** The process's pino lines that parse as JSON (the SDK's lines go through pino too). */
function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/** One sample of a Prometheus text exposition, by metric name and (a subset of) its labels. */
function sample(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of exposition.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const have = new Map([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) return Number(match[3]);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------

const received: string[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData: (stream, session, callback) => {
    stream.on("data", () => undefined);
    stream.on("end", () => {
      received.push(...session.envelope.rcptTo.map((r) => r.address));
      callback();
    });
  },
});
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "warn" });
let smtpUrl = "";
let sandbox: PaymentSandbox | undefined;
let sandboxUrl = "";
let pool: pg.Pool;
let connection: Connection | undefined;
let contracts: ContractsClient;
let workers: Spawned | undefined;
let httpPort = 0;
const dedupePrefixes: string[] = [];

function baseEnv(): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
    TEMPORAL_NAMESPACE: "default",
    DATABASE_URL: stackEnv("TEST_DATABASE_URL"),
    REDIS_URL: stackEnv("REDIS_URL"),
    KUBECONFIG: stackEnv("KUBECONFIG"),
    WORKERS_TASK_QUEUE_PREFIX: prefix,
    WORKERS_CONSUMERS: "notifications",
    SMTP_URL: smtpUrl,
    USAGE_SCHEDULE: "false",
    WORKERS_HTTP_HOST: "127.0.0.1",
    WORKERS_HTTP_PORT: String(httpPort),
    PAYMENT_SANDBOX_URL: sandboxUrl,
    WORKERS_WORKFLOW_BUNDLE: bundlePath,
    LOG_LEVEL: "info",
  };
}

const url = (path: string): string => `http://127.0.0.1:${httpPort}${path}`;

beforeAll(async () => {
  // Once, up front: the process then starts in seconds instead of running webpack itself.
  await promisify(execFile)("npx", ["tsx", "workers/scripts/bundle-workflows.ts", bundlePath], { cwd: repo });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  sandbox = await createPaymentSandbox({ databaseUrl: stackEnv("TEST_DATABASE_URL"), log });
  sandboxUrl = await sandbox.app.listen({ host: "127.0.0.1", port: 0 });
  pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 4 });
  connection = await Connection.connect({ address: stackEnv("TEMPORAL_ADDRESS") });
  contracts = new ContractsClient({
    client: new Client({ connection, namespace: "default" }),
    taskQueues: queues,
  });
  httpPort = await freePort();
}, 180_000);

afterAll(async () => {
  for (const child of spawned)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const key of dedupePrefixes)
    await pool?.query("DELETE FROM notifications WHERE dedupe_key LIKE $1", [`${key}%`]);
  await pool?.end();
  await connection?.close();
  await sandbox?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(scratch, { recursive: true, force: true });
}, 60_000);

describe("the workers process", () => {
  it("starts, logs its port and answers /healthz and /readyz", async () => {
    workers = spawnWorkers(baseEnv());
    const current = workers;
    const started = await waitFor(
      "the workers process to log that it started",
      () => {
        if (current.child.exitCode !== null)
          return Promise.reject(new Error(`exited ${current.child.exitCode}: ${current.stderr()}`));
        return Promise.resolve(
          jsonLines(current.stdout()).find(
            (l) => l.msg === `Started workers for contracts, payments, provisioning`,
          ),
        );
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(started).toMatchObject({ service: "skillpod-workers", prefix, port: httpPort });
    const health = await fetch(url("/healthz"));
    expect([health.status, await health.text()]).toEqual([200, "ok"]);
    await waitFor("/readyz to answer 200", async () => (await fetch(url("/readyz"))).status === 200, {
      timeoutMs: 20_000,
    });
  });

  it("runs a contract end to end on its prefixed queues: paid out, counted, and the parties notified", async () => {
    const terms = newTerms();
    dedupePrefixes.push(`contract-${terms.contractId}:`);
    await post(
      pool,
      deposit({
        idempotencyKey: `deposit-${randomUUID()}`,
        currency: "EUR",
        clientId: terms.clientId,
        amountMinor: 100_000,
      }),
    );
    await contracts.start(terms);
    await contracts.accept(terms.contractId, freelancerOf(terms));
    for (const index of [0, 1]) {
      const id = milestone(terms, index);
      await contracts.fund(terms.contractId, clientOf(terms), id);
      await contracts.submit(terms.contractId, freelancerOf(terms), id);
      await contracts.approve(terms.contractId, clientOf(terms), id);
    }
    const final = await contracts.result(terms.contractId);
    expect(final.phase).toBe("completed");
    expect(final.milestones.map((m) => [m.state, m.payout.state])).toEqual([
      ["approved", "paid"],
      ["approved", "paid"],
    ]);
    const response = await fetch(
      `${sandboxUrl}/v1/payouts?destination=${encodeURIComponent(terms.freelancerId)}`,
    );
    const body = (await response.json()) as { data?: { amountMinor: number }[] } | { amountMinor: number }[];
    const paid = Array.isArray(body) ? body : (body.data ?? []);
    expect(paid.map((p) => p.amountMinor).sort((a, b) => a - b)).toEqual([4_505, 9_000]);

    const metrics = await (await fetch(url("/metrics"))).text();
    expect(
      sample(metrics, "skillpod_worker_activities_total", {
        task_queue: queues.payments,
        activity_type: "sendPayout",
        outcome: "completed",
      }),
    ).toBe(2);
    expect(
      sample(metrics, "skillpod_worker_activities_total", {
        task_queue: queues.contracts,
        activity_type: "recordContract",
        outcome: "completed",
      }),
    ).toBe(1);
    expect(sample(metrics, "skillpod_worker_running", { task_queue: queues.provisioning })).toBe(1);
    expect(sample(metrics, "process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
    // The money audit runs beside the payments queue from the start (the alerts' skillpod_ledger_audit_*).
    expect(
      sample(metrics, "skillpod_ledger_audit_runs_total", { outcome: "consistent" }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, "skillpod_ledger_audit_violations", { rule: "transaction-balances" })).toBe(0);
    expect(sample(metrics, "skillpod_money_held", { kind: "payout" })).toBeGreaterThanOrEqual(0);

    // One in-app row per party and event, written by the process's notifications consumer. (Acceptance is
    // told by the control plane's offers, as offer.accepted, not by the workflow.)
    const [m1, m2] = [milestone(terms, 0), milestone(terms, 1)];
    const { clientId: client, freelancerId: freelancer } = terms;
    const expected = [
      [`funded-${m1}`, freelancer],
      [`funded-${m2}`, freelancer],
      [`submitted-${m1}-1`, client],
      [`submitted-${m2}-1`, client],
      [`approved-${m1}`, client],
      [`approved-${m1}`, freelancer],
      [`approved-${m2}`, client],
      [`approved-${m2}`, freelancer],
      ["completed", client],
      ["completed", freelancer],
    ].map(([event, user]) => `contract-${terms.contractId}:${event}:${user} ${user}`);
    const rows = await waitFor(
      "the notification rows of the contract's parties",
      async () => {
        const result = await pool.query<{ dedupe_key: string; user_id: string; kind: string }>(
          "SELECT dedupe_key, user_id, kind FROM notifications WHERE dedupe_key LIKE $1",
          [`contract-${terms.contractId}:%`],
        );
        if (result.rows.length < expected.length) throw new Error(`${result.rows.length} rows so far`);
        return result.rows;
      },
      { timeoutMs: 30_000 },
    );
    expect(rows.map((r) => `${r.dedupe_key} ${r.user_id}`).sort()).toEqual(expected.sort());
    expect(rows.find((r) => r.dedupe_key.endsWith(`:completed:${client}`))?.kind).toBe("contract.completed");
  });

  it("exits 0 within 10 s on SIGTERM while idle and logs that it stopped", async () => {
    const current = workers;
    if (current === undefined) throw new Error("the workers process did not start");
    const sent = Date.now();
    current.child.kill("SIGTERM");
    const exit = await Promise.race([
      current.exited,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10_000)),
    ]);
    expect(exit, `still running 10 s after SIGTERM; stderr: ${current.stderr()}`).toEqual({
      code: 0,
      signal: null,
    });
    expect(Date.now() - sent).toBeLessThan(10_000);
    const lines = jsonLines(current.stdout());
    expect(lines.find((l) => l.msg === "Received SIGTERM, draining")).toBeDefined();
    expect(lines.find((l) => l.msg === "Stopped workers")).toMatchObject({
      level: 30,
      service: "skillpod-workers",
    });
  });

  it.each([
    ["WORKERS_TASK_QUEUES", "nonsense"],
    ["DATABASE_URL", "not-a-url"],
  ])("refuses to start with a bad %s, naming it", async (variable, value) => {
    const bad = spawnWorkers({ ...baseEnv(), WORKERS_HTTP_PORT: "0", [variable]: value });
    const exit = await Promise.race([
      bad.exited,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 30_000)),
    ]);
    expect(exit, `still running after 30 s; stdout: ${bad.stdout()}`).toBeDefined();
    expect(exit?.code).toBeGreaterThan(0);
    // The config error's own line for the variable, not merely the name somewhere in a stack trace.
    // (A list's issue carries the item's index: "WORKERS_TASK_QUEUES.0: Invalid option…".)
    expect(bad.stderr()).toMatch(new RegExp(`Invalid configuration:\\n\\s+- ${variable}(\\.\\d+)?: `));
    // It failed on its configuration, before serving anything.
    expect(jsonLines(bad.stdout()).some((l) => String(l.msg).startsWith("Started workers"))).toBe(false);
  });
});
