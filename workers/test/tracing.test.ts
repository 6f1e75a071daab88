// OpenTelemetry across client → workflow → activities, wired the way workers-process.ts wires it: one
// startWorkersTelemetry() whose plugin goes on the Client, on the Worker and into the workflow bundle. Spans
// land in an in-memory exporter; a contract started through the traced client must come back as one trace.
import { contractWorkflowId, type ContractTerms } from "@skillpod/contract-messages";
import { ContractsClient } from "@skillpod/contracts-client";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { Client, Connection } from "@temporalio/client";
import { NativeConnection, Worker } from "@temporalio/worker";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContractActivities } from "../src/contracts/contract-activities.js";
import { createNoticePublisher } from "../src/contracts/party-notices.js";
import { serviceName, startWorkersTelemetry, type WorkersTelemetry } from "../src/telemetry.js";
import { bundleWorkflows } from "../src/workflows-bundle.js";
import { clientOf, newTerms } from "./contract-fixtures.js";

const run = randomBytes(4).toString("hex");
const queues = {
  contracts: `trace-${run}-contracts`,
  payments: `trace-${run}-payments`,
  provisioning: `trace-${run}-provisioning`,
};
const exporter = new InMemorySpanExporter();

let telemetry: WorkersTelemetry;
let pool: pg.Pool;
let redis: Redis;
let notifications: Queue;
let nativeConnection: NativeConnection | undefined;
let worker: Worker | undefined;
let workerRun: Promise<void> | undefined;
let connection: Connection | undefined;
let contracts: ContractsClient;

beforeAll(async () => {
  telemetry = startWorkersTelemetry({ exporter });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? "warn" });
  pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 4 });
  redis = new Redis(stackEnv("REDIS_URL"), { maxRetriesPerRequest: null });
  // A prefix of our own: nobody else's consumer takes these jobs, and we do not consume anyone's.
  notifications = new Queue("notifications", { connection: redis, prefix: `bull-trace-${run}` });
  nativeConnection = await NativeConnection.connect({ address: stackEnv("TEMPORAL_ADDRESS") });
  worker = await Worker.create({
    connection: nativeConnection,
    namespace: "default",
    taskQueue: queues.contracts,
    // As the workers process builds it: the plugin's workflow interceptors are bundled in.
    workflowBundle: await bundleWorkflows(telemetry.plugin),
    plugins: [telemetry.plugin],
    activities: createContractActivities({
      pool,
      log,
      publishNotice: createNoticePublisher({ pool, queue: notifications }),
    }),
  });
  workerRun = worker.run();
  connection = await Connection.connect({ address: stackEnv("TEMPORAL_ADDRESS") });
  const client = new Client({ connection, namespace: "default", plugins: [telemetry.plugin] });
  contracts = new ContractsClient({ client, taskQueues: queues });
}, 180_000);

afterAll(async () => {
  worker?.shutdown();
  await workerRun?.catch(() => undefined);
  await nativeConnection?.close();
  await connection?.close();
  await notifications?.obliterate({ force: true }).catch(() => undefined);
  await notifications?.close();
  redis?.disconnect();
  await pool?.end();
  await telemetry?.shutdown();
}, 60_000);

/** Every finished span in the trace that the client's StartWorkflow span of this contract began. */
function traceOf(terms: ContractTerms): ReadableSpan[] {
  const start = exporter
    .getFinishedSpans()
    .find(
      (s) =>
        s.name === "StartWorkflow:contractWorkflow" &&
        s.attributes.temporalWorkflowId === contractWorkflowId(terms.contractId),
    );
  if (start === undefined) return [];
  const traceId = start.spanContext().traceId;
  return exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
}

function named(spans: ReadableSpan[], name: string): ReadableSpan {
  const span = spans.find((s) => s.name === name);
  if (span === undefined) throw new Error(`no span ${name} among ${spans.map((s) => s.name).join(", ")}`);
  return span;
}

describe("tracing with the Temporal OpenTelemetry plugin", () => {
  it("traces a contract from the client's start through the workflow into its activities as one trace", async () => {
    const terms = newTerms();
    await contracts.start(terms);
    // Cancelled from its offer: the workflow runs recordContract, then ends, which closes RunWorkflow.
    await contracts.cancel(terms.contractId, clientOf(terms), "traced and done");
    expect((await contracts.result(terms.contractId)).phase).toBe("cancelled");

    const spans = await waitFor(
      "the workflow's spans to be exported",
      () => {
        const found = traceOf(terms);
        const names = found.map((s) => s.name);
        const complete = [
          "StartWorkflow:contractWorkflow",
          "RunWorkflow:contractWorkflow",
          "RunActivity:recordContract",
        ];
        return Promise.resolve(complete.every((n) => names.includes(n)) ? found : undefined);
      },
      { timeoutMs: 20_000 },
    ).catch((error: unknown) => {
      const all = exporter.getFinishedSpans().map((s) => `${s.name} ${s.spanContext().traceId}`);
      throw new Error(`${(error as Error).message}\nfinished spans:\n${all.join("\n")}`);
    });

    const start = named(spans, "StartWorkflow:contractWorkflow");
    const runWorkflow = named(spans, "RunWorkflow:contractWorkflow");
    const startActivity = named(spans, "StartActivity:recordContract");
    const runActivity = named(spans, "RunActivity:recordContract");
    // Parent links: client start → workflow run → activity scheduled by it → activity run.
    expect(start.parentSpanId).toBeUndefined();
    expect(runWorkflow.parentSpanId).toBe(start.spanContext().spanId);
    expect(startActivity.parentSpanId).toBe(runWorkflow.spanContext().spanId);
    expect(runActivity.parentSpanId).toBe(startActivity.spanContext().spanId);
    expect(runActivity.resource.attributes["service.name"]).toBe(serviceName);
    expect(runWorkflow.resource.attributes["service.name"]).toBe(serviceName);
    // The update the client sent afterwards is traced too, as a trace of its own.
    const update = exporter
      .getFinishedSpans()
      .find(
        (s) =>
          s.name === "StartWorkflowUpdate:cancelContract" &&
          s.attributes.temporalWorkflowId === contractWorkflowId(terms.contractId),
      );
    expect(update).toBeDefined();
  });
});
