// One trace from the Temporal client into the operator: the ProvisioningWorkflow, started through a client with
// the tracing plugin, runs its real activities on a worker with the plugin; the SkillPod they create and stop
// carries the activity's span in skillpod.dev/traceparent, and the real operator process, exporting over
// OTLP/HTTP to a receiver in this test, reconciles it as a child of that span. The real apiserver, kwok nodes,
// Temporal and PostgreSQL; a recorder workflow stands in for the contract.
import { CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import {
  parseTraceparent,
  skillPodClassPlural,
  skillPodGroup,
  skillPodPlural,
  skillPodVersion,
  traceparentAnnotation,
  type TraceParent,
} from "@skillpod/api";
import {
  freezeWorkspace,
  provisioningWorkflowId,
  type ProvisioningInput,
  type WorkspaceReport,
} from "@skillpod/contract-messages";
import { loadKubeConfig, type PooledKubeConfig } from "@skillpod/kube-client";
import { OtlpReceiver, stackEnv, startOperatorProcess, waitFor, type NodeProcess } from "@skillpod/testkit";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { Client, Connection } from "@temporalio/client";
import { NativeConnection, Worker, bundleWorkflowCode } from "@temporalio/worker";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProvisioningActivities, skillPodNameFor } from "../src/provisioning/index.js";
import { startWorkersTelemetry, type WorkersTelemetry } from "../src/telemetry.js";
import {
  receivedWorkspaceReports,
  type provisioningWorkflow,
  type workspaceReportRecorder,
} from "./fixtures/provisioning-workflows.js";

const run = randomBytes(3).toString("hex");
const namespace = `traced-provisioning-${run}`;
const className = `traced-prov-${run}`;
const taskQueue = `traced-provisioning-${run}`;
const skillPods = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const classes = { group: skillPodGroup, version: skillPodVersion, plural: skillPodClassPlural };
const workflowsPath = fileURLToPath(new URL("./fixtures/provisioning-workflows.ts", import.meta.url));
const quiet = (): void => undefined;
const exporter = new InMemorySpanExporter();

let telemetry: WorkersTelemetry;
let kubeConfig: PooledKubeConfig;
let core: CoreV1Api;
let custom: CustomObjectsApi;
let pool: pg.Pool;
let receiver: OtlpReceiver | undefined;
let operator: NodeProcess | undefined;
let nativeConnection: NativeConnection | undefined;
let worker: Worker | undefined;
let workerRun: Promise<void> | undefined;
let connection: Connection | undefined;
let client: Client;
const workflows: string[] = [];
const contractIds: string[] = [];

beforeAll(async () => {
  telemetry = startWorkersTelemetry({ exporter });
  kubeConfig = loadKubeConfig(stackEnv("KUBECONFIG"));
  core = kubeConfig.makeApiClient(CoreV1Api);
  custom = kubeConfig.makeApiClient(CustomObjectsApi);
  pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 2 });
  await core.createNamespace({
    body: { metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
  });
  const resources = { cpu: "100m", memory: "128Mi" };
  await custom.createClusterCustomObject({
    ...classes,
    body: {
      apiVersion: "skillpod.dev/v1alpha1",
      kind: "SkillPodClass",
      metadata: { name: className, labels: { "skillpod.dev/test": "true" } },
      spec: {
        image: "ghcr.io/skillpod/desktop:1.0",
        resources: { default: resources, max: resources },
        home: { defaultSize: "1Gi" },
      },
    },
  });
  receiver = await OtlpReceiver.start();
  operator = await startOperatorProcess(namespace, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });

  const address = stackEnv("TEMPORAL_ADDRESS");
  nativeConnection = await NativeConnection.connect({ address });
  worker = await Worker.create({
    connection: nativeConnection,
    namespace: "default",
    taskQueue,
    // As the workers process builds it: the plugin's workflow interceptors are bundled in.
    workflowBundle: await bundleWorkflowCode({
      workflowsPath,
      plugins: [telemetry.plugin],
      logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet, log: quiet },
    }),
    plugins: [telemetry.plugin],
    activities: createProvisioningActivities({ kubeConfig, pool, log: pino({ level: "warn" }) }),
  });
  workerRun = worker.run();
  connection = await Connection.connect({ address });
  client = new Client({ connection, namespace: "default", plugins: [telemetry.plugin] });
}, 180_000);

afterAll(async () => {
  for (const id of workflows) {
    await client?.workflow
      .getHandle(id)
      .terminate("test over")
      .catch(() => undefined);
  }
  worker?.shutdown();
  await workerRun?.catch(() => undefined);
  // While the operator runs: its finalizer is on the SkillPods, and only it takes it off.
  await custom?.deleteCollectionNamespacedCustomObject({ ...skillPods, namespace }).catch(() => undefined);
  await waitFor("the test's SkillPods gone", async () => {
    const list = (await custom.listNamespacedCustomObject({ ...skillPods, namespace })) as { items: [] };
    return list.items.length === 0;
  }).catch(() => undefined);
  await operator?.stop();
  await receiver?.close();
  await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
  await custom?.deleteClusterCustomObject({ ...classes, name: className }).catch(() => undefined);
  if (contractIds.length > 0) {
    await pool.query("DELETE FROM workspaces WHERE contract_id = ANY($1)", [contractIds]);
    await pool.query("DELETE FROM contracts WHERE id = ANY($1)", [contractIds]);
  }
  await pool?.end();
  await nativeConnection?.close().catch(() => undefined);
  await connection?.close();
  kubeConfig?.destroyAgents();
  await telemetry?.shutdown();
}, 120_000);

async function insertContract(contractId: string): Promise<void> {
  contractIds.push(contractId);
  await pool.query(
    `INSERT INTO contracts (id, workflow_id, client_id, freelancer_id, title, currency, platform_fee_bps, state)
     VALUES ($1, $2, 'u-client', 'u-freelancer', 'Tracing test', 'EUR', 1000, 'active')`,
    [contractId, `contract-${contractId}`],
  );
}

function waitForReports(workflowId: string, states: string[]): Promise<WorkspaceReport[]> {
  return waitFor(
    `recorder ${workflowId} to have received ${states.join(", ")}`,
    async () => {
      const reports = await client.workflow.getHandle(workflowId).query(receivedWorkspaceReports);
      return reports.map((r) => r.state).join() === states.join() ? reports : false;
    },
    { timeoutMs: 90_000, intervalMs: 200 },
  );
}

async function writtenTraceparent(name: string): Promise<TraceParent> {
  const skillPod = (await custom.getNamespacedCustomObject({ ...skillPods, namespace, name })) as SkillPod;
  const parsed = parseTraceparent(skillPod.metadata?.annotations?.[traceparentAnnotation]);
  if (!parsed) throw new Error(`SkillPod ${name} has no valid ${traceparentAnnotation}`);
  return parsed;
}

/** The workers' exported span with this id (it ends before the write it annotated is seen). */
const workersSpan = (spanId: string): Promise<ReadableSpan> =>
  waitFor(`the workers' span ${spanId}`, () =>
    Promise.resolve(exporter.getFinishedSpans().find((s) => s.spanContext().spanId === spanId)),
  );

/** The operator's exported reconcile of this SkillPod that is a child of this span. */
const reconcileUnder = (name: string, parent: TraceParent): Promise<unknown> =>
  waitFor(`the operator's reconcile of ${name} under span ${parent.spanId}`, () =>
    Promise.resolve(
      receiver?.spans.find(
        (s) =>
          s.service === "skillpod-operator" &&
          s.name === "reconcile SkillPod" &&
          s.attributes["skillpod.name"] === name &&
          s.traceId === parent.traceId &&
          s.parentSpanId === parent.spanId,
      ),
    ),
  );

describe("a provisioned workspace, traced", () => {
  it("runs from the client's workflow start through the provisioning activity into the operator's reconciles", async () => {
    const contractId = `c-${run}`;
    const milestoneId = `m_${run}`;
    await insertContract(contractId);
    const recorder = `recorder-${contractId}`;
    workflows.push(recorder);
    await client.workflow.start<typeof workspaceReportRecorder>("workspaceReportRecorder", {
      taskQueue,
      workflowId: recorder,
    });
    const input: ProvisioningInput = {
      contractId,
      milestoneId,
      contractWorkflowId: recorder,
      namespace,
      className,
      ownerUserId: "u-freelancer",
      viewers: ["u-client"],
      graceSeconds: 3600,
    };
    const workflowId = provisioningWorkflowId(contractId, milestoneId);
    workflows.push(workflowId);
    const handle = await client.workflow.start<typeof provisioningWorkflow>("provisioningWorkflow", {
      taskQueue,
      workflowId,
      args: [input],
    });
    await waitForReports(recorder, ["Running"]);
    const name = skillPodNameFor(contractId, milestoneId);

    // The create carries the ensureSkillPod activity's span, in the trace the client's start began.
    const created = await writtenTraceparent(name);
    const ensure = await workersSpan(created.spanId);
    expect(ensure.name).toBe("RunActivity:ensureSkillPod");
    expect(ensure.spanContext().traceId).toBe(created.traceId);
    const start = exporter
      .getFinishedSpans()
      .find(
        (s) =>
          s.name === "StartWorkflow:provisioningWorkflow" && s.attributes.temporalWorkflowId === workflowId,
      );
    expect(start?.spanContext().traceId).toBe(created.traceId);
    await reconcileUnder(name, created);

    // Freezing patches spec.state from setSkillPodState: that activity's span parents the stop's reconciles.
    await handle.signal(freezeWorkspace);
    await waitForReports(recorder, ["Running", "Frozen"]);
    const stopped = await writtenTraceparent(name);
    const setState = await workersSpan(stopped.spanId);
    expect(setState.name).toBe("RunActivity:setSkillPodState");
    await reconcileUnder(name, stopped);
  });
});
