// ProvisioningWorkflow on the real stack: a Temporal worker with the real activities, the real operator as a
// child process watching a namespace of our own, the real apiserver, kwok nodes and PostgreSQL. A recorder
// workflow stands in for the contract so the workspaceChanged signals can be read back.
import {
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
} from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import { labels, skillPodClassPlural, skillPodGroup, skillPodPlural, skillPodVersion } from "@skillpod/api";
import {
  contractErrorCodes,
  freezeWorkspace,
  provisioningWorkflowId,
  releaseWorkspace,
  unfreezeWorkspace,
  type ProvisioningInput,
  type WorkspaceReport,
} from "@skillpod/contract-messages";
import { loadKubeConfig, type PooledKubeConfig } from "@skillpod/kube-client";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { Client, Connection, WorkflowFailedError } from "@temporalio/client";
import { ActivityFailure, ApplicationFailure } from "@temporalio/common";
import { historyFromJSON, type History } from "@temporalio/common/lib/proto-utils.js";
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundle } from "@temporalio/worker";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProvisioningActivities, skillPodNameFor } from "../src/provisioning/index.js";
import { waitUntilReady } from "../src/provisioning/ready-watch.js";
import { SkillPodApi } from "../src/provisioning/skillpod-api.js";
import {
  receivedWorkspaceReports,
  stopRecording,
  type provisioningWorkflow,
  type workspaceReportRecorder,
} from "./fixtures/provisioning-workflows.js";
import { activityAttemptsMemo } from "./fixtures/short-retries.js";
import { startScopedOperator, stopOperator } from "./operator-namespace.js";

const suffix = (): string => randomBytes(3).toString("hex");
const run = suffix();
const className = `prov-${run}`;
/** Asks for more CPU than a kwok node has: its Pod stays unschedulable, so the SkillPod never gets Ready. */
const hugeClassName = `prov-huge-${run}`;
const taskQueue = `provisioning-test-${run}`;
const skillPods = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };

let kubeConfig: PooledKubeConfig;
let core: CoreV1Api;
let custom: CustomObjectsApi;
let pool: pg.Pool;
let namespace = "";
let operator: ChildProcess | undefined;
let operatorLog = "";
let nativeConnection: NativeConnection | undefined;
let worker: Worker | undefined;
let workerRun: Promise<void> | undefined;
let connection: Connection | undefined;
let client: Client;
const contractIds: string[] = [];
const recorders: string[] = [];
/** Namespaces held Terminating by a ConfigMap's finalizer; released and deleted in afterAll. */
const heldNamespaces: string[] = [];
const holdFinalizer = "skillpod.dev/provisioning-test-hold";
const workflowsPath = fileURLToPath(new URL("./fixtures/provisioning-workflows.ts", import.meta.url));
let replayBundle: Promise<WorkflowBundle> | undefined;

// ---------------------------------------------------------------------------------------------------------
// The operator as a child process, scoped to our namespace, without leader election.

// ---------------------------------------------------------------------------------------------------------
// Kubernetes and database helpers

async function createClass(name: string, resources: { cpu: string; memory: string }): Promise<void> {
  await custom.createClusterCustomObject({
    group: skillPodGroup,
    version: skillPodVersion,
    plural: skillPodClassPlural,
    body: {
      apiVersion: "skillpod.dev/v1alpha1",
      kind: "SkillPodClass",
      metadata: { name, labels: { "skillpod.dev/test": "true" } },
      spec: {
        image: "ghcr.io/skillpod/desktop:1.0",
        resources: { default: resources, max: resources },
        home: { defaultSize: "1Gi" },
      },
    },
  });
}

async function readSkillPod(name: string): Promise<SkillPod> {
  return (await custom.getNamespacedCustomObject({ ...skillPods, namespace, name })) as SkillPod;
}

const readPod = (name: string): Promise<V1Pod | undefined> =>
  core.readNamespacedPod({ name, namespace }).catch(() => undefined);

async function insertContract(contractId: string): Promise<void> {
  contractIds.push(contractId);
  await pool.query(
    `INSERT INTO contracts (id, workflow_id, client_id, freelancer_id, title, currency, platform_fee_bps, state)
     VALUES ($1, $2, 'u-client', 'u-freelancer', 'Provisioning test', 'EUR', 1000, 'active')`,
    [contractId, `contract-${contractId}`],
  );
}

type WorkspaceRow = {
  contract_id: string;
  namespace: string;
  name: string;
  state: string;
  endpoint: string | null;
  expires_at: Date | null;
  ready_at: Date | null;
};

async function workspaceRow(milestoneId: string): Promise<WorkspaceRow | undefined> {
  const result = await pool.query<WorkspaceRow>(
    "SELECT contract_id, namespace, name, state, endpoint, expires_at, ready_at FROM workspaces WHERE milestone_id = $1",
    [milestoneId],
  );
  return result.rows[0];
}

async function startRecorder(workflowId: string): Promise<void> {
  recorders.push(workflowId);
  await client.workflow.start<typeof workspaceReportRecorder>("workspaceReportRecorder", {
    taskQueue,
    workflowId,
  });
}

const reportsOf = (workflowId: string): Promise<WorkspaceReport[]> =>
  client.workflow.getHandle(workflowId).query(receivedWorkspaceReports);

function waitForReports(workflowId: string, states: string[]): Promise<WorkspaceReport[]> {
  return waitFor(
    `recorder ${workflowId} to have received ${states.join(", ")}`,
    async () => {
      const reports = await reportsOf(workflowId);
      const got = reports.map((r) => r.state);
      if (got.length > states.length) throw new Error(`received too many: ${got.join(", ")}`);
      return got.join() === states.join() ? reports : false;
    },
    { timeoutMs: 90_000, intervalMs: 200 },
  );
}

async function scheduledActivities(workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? [],
  );
}

async function cancelRequests(workflowId: string): Promise<number> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.activityTaskCancelRequestedEventAttributes).length;
}

function inputFor(contractId: string, milestoneId: string, overrides: Partial<ProvisioningInput> = {}) {
  return {
    contractId,
    milestoneId,
    contractWorkflowId: `recorder-${contractId}`,
    namespace,
    className,
    ownerUserId: "u-freelancer",
    viewers: ["u-client"],
    graceSeconds: 3600,
    ...overrides,
  } satisfies ProvisioningInput;
}

// ---------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  kubeConfig = loadKubeConfig(stackEnv("KUBECONFIG"));
  core = kubeConfig.makeApiClient(CoreV1Api);
  custom = kubeConfig.makeApiClient(CustomObjectsApi);
  pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 4 });

  namespace = `provisioning-${run}`;
  await core.createNamespace({
    body: { metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
  });
  // Small, so it fits the kwok nodes next to everyone else's workspaces.
  await createClass(className, { cpu: "100m", memory: "128Mi" });
  await createClass(hugeClassName, { cpu: "64", memory: "128Mi" });
  operatorLog = join(mkdtempSync(join(tmpdir(), "provisioning-operator-")), "operator.log");
  operator = await startScopedOperator(namespace, operatorLog);

  const address = stackEnv("TEMPORAL_ADDRESS");
  nativeConnection = await NativeConnection.connect({ address });
  worker = await Worker.create({
    connection: nativeConnection,
    namespace: "default",
    taskQueue,
    workflowsPath,
    interceptors: {
      workflowModules: [fileURLToPath(new URL("./fixtures/short-retries.ts", import.meta.url))],
    },
    // Heartbeats (and the cancellations they bring back) go out at once rather than every 24 s.
    maxHeartbeatThrottleInterval: "1 second",
    // Shutdown gives up on an activity that ignores its cancellation instead of hanging the cleanup.
    shutdownForceTime: "10 seconds",
    activities: createProvisioningActivities({
      kubeConfig,
      pool,
      log: pino({ level: process.env.PROVISIONING_TEST_LOG ?? "warn" }),
    }),
  });
  workerRun = worker.run();
  connection = await Connection.connect({ address });
  client = new Client({ connection, namespace: "default" });
});

afterAll(async () => {
  for (const id of recorders)
    await client?.workflow
      .getHandle(id)
      .signal(stopRecording)
      .catch(() => undefined);
  worker?.shutdown();
  // A worker stuck on an activity must not keep the cleanup below from running.
  await workerRun?.catch(() => undefined);
  await cleanUpCluster();
  if (contractIds.length > 0) {
    await pool.query("DELETE FROM workspaces WHERE contract_id = ANY($1)", [contractIds]);
    await pool.query("DELETE FROM contracts WHERE id = ANY($1)", [contractIds]);
  }
  await pool?.end();
  await nativeConnection?.close().catch(() => undefined);
  await connection?.close();
  kubeConfig?.destroyAgents();
}, 120_000);

async function cleanUpCluster(): Promise<void> {
  if (namespace && custom) {
    // SkillPods carry the operator's finalizer: delete them while it still runs, or the namespace never goes.
    await custom.deleteCollectionNamespacedCustomObject({ ...skillPods, namespace }).catch(() => undefined);
    await waitFor(
      `SkillPods in ${namespace} to be gone`,
      async () => {
        const list = (await custom.listNamespacedCustomObject({ ...skillPods, namespace })) as { items: [] };
        return list.items.length === 0;
      },
      { timeoutMs: 60_000 },
    ).catch(() => undefined);
  }
  if (operator) await stopOperator(operator);
  await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
  for (const held of heldNamespaces) {
    await core
      ?.patchNamespacedConfigMap(
        { name: "hold", namespace: held, body: { metadata: { finalizers: null } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      )
      .catch(() => undefined);
  }
  for (const name of [className, hugeClassName]) {
    await custom
      ?.deleteClusterCustomObject({
        group: skillPodGroup,
        version: skillPodVersion,
        plural: skillPodClassPlural,
        name,
      })
      .catch(() => undefined);
  }
}

/**
 * A namespace being deleted that cannot finish (a ConfigMap in it keeps a finalizer nobody removes): the
 * apiserver refuses every create in it with 403 "being terminated", which is not the workspace's fault and so
 * retried, until the retries are spent.
 */
async function terminatingNamespace(): Promise<string> {
  const name = `provisioning-gone-${suffix()}`;
  await core.createNamespace({ body: { metadata: { name } } });
  heldNamespaces.push(name);
  await core.createNamespacedConfigMap({
    namespace: name,
    body: { metadata: { name: "hold", finalizers: [holdFinalizer] } },
  });
  await core.deleteNamespace({ name });
  return name;
}

/** Replays a history against the current workflow code; rejects with a DeterminismViolationError on a change. */
async function replay(workflowId: string, history: History): Promise<void> {
  replayBundle ??= bundleWorkflowCode({ workflowsPath, logger: quietBundler });
  await Worker.runReplayHistory({ workflowBundle: await replayBundle }, history, workflowId);
}
const quietBundler = {
  trace: (): void => undefined,
  debug: (): void => undefined,
  info: (): void => undefined,
  warn: (): void => undefined,
  error: (message: string): void => console.error(message),
  log: (): void => undefined,
};

describe("ProvisioningWorkflow", () => {
  it("creates the SkillPod, waits for Ready, records and reports it, then freezes, unfreezes and releases it", async () => {
    const contractId = `c-${suffix()}`;
    const milestoneId = `m_${suffix()}`;
    await insertContract(contractId);
    const input = inputFor(contractId, milestoneId, { dueAt: "2030-06-30T12:00:00Z" });
    await startRecorder(input.contractWorkflowId);
    const name = skillPodNameFor(contractId, milestoneId);

    const handle = await client.workflow.start<typeof provisioningWorkflow>("provisioningWorkflow", {
      taskQueue,
      workflowId: provisioningWorkflowId(contractId, milestoneId),
      args: [input],
    });
    const [running] = await waitForReports(input.contractWorkflowId, ["Running"]);

    // The deterministic name, the contract labels, expiresAt = due + grace, and Ready with an endpoint.
    const skillPod = await readSkillPod(name);
    expect(running).toEqual({ milestoneId, name, state: "Running", endpoint: skillPod.status?.endpoint });
    expect(skillPod.metadata?.labels).toMatchObject({
      [labels.contract]: contractId,
      [labels.milestone]: milestoneId,
    });
    expect(skillPod.spec).toMatchObject({
      className,
      owner: { userId: "u-freelancer" },
      contract: { id: contractId, milestoneId },
      state: "Running",
      supervision: { viewers: ["u-client"] },
      expiryAction: "Stop",
    });
    expect(Date.parse(skillPod.spec.expiresAt ?? "")).toBe(Date.parse("2030-06-30T13:00:00Z"));
    expect(skillPod.status?.phase).toBe("Running");
    expect(skillPod.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    expect(skillPod.status?.endpoint).toBe(`ws-${name}.${namespace}.svc.cluster.local:6901`);
    expect(await readPod(`ws-${name}`)).toBeDefined();

    const row = await workspaceRow(milestoneId);
    expect(row).toMatchObject({ contract_id: contractId, namespace, name, state: "Running" });
    expect(row?.endpoint).toBe(skillPod.status?.endpoint);
    expect(row?.expires_at?.toISOString()).toBe("2030-06-30T13:00:00.000Z");
    expect(row?.ready_at).toBeInstanceOf(Date);

    // ensureSkillPod again is a no-op: same object, not even a new resourceVersion.
    const activities = createProvisioningActivities({ kubeConfig, pool, log: pino({ level: "silent" }) });
    const again = await activities.ensureSkillPod(input);
    expect(again).toMatchObject({ name, namespace, uid: skillPod.metadata?.uid });
    expect((await readSkillPod(name)).metadata?.resourceVersion).toBe(skillPod.metadata?.resourceVersion);

    // Freeze: spec.state Stopped, the Pod goes, the home stays.
    const home = await core.readNamespacedPersistentVolumeClaim({ name: `home-${name}`, namespace });
    await handle.signal(freezeWorkspace);
    await waitForReports(input.contractWorkflowId, ["Running", "Frozen"]);
    expect((await readSkillPod(name)).spec.state).toBe("Stopped");
    expect((await workspaceRow(milestoneId))?.state).toBe("Stopped");
    await waitFor(`Pod ws-${name} to be deleted`, async () => (await readPod(`ws-${name}`)) === undefined);
    const kept = await core.readNamespacedPersistentVolumeClaim({ name: `home-${name}`, namespace });
    expect(kept.metadata?.uid).toBe(home.metadata?.uid);

    // Unfreeze: Running again on the same home volume.
    await handle.signal(unfreezeWorkspace);
    await waitForReports(input.contractWorkflowId, ["Running", "Frozen", "Running"]);
    const thawed = await readSkillPod(name);
    expect(thawed.spec.state).toBe("Running");
    expect(thawed.status?.phase).toBe("Running");
    expect(thawed.metadata?.uid).toBe(skillPod.metadata?.uid);
    const pod = await readPod(`ws-${name}`);
    expect(pod?.spec?.volumes?.find((v) => v.name === "home")?.persistentVolumeClaim?.claimName).toBe(
      `home-${name}`,
    );
    const claim = await core.readNamespacedPersistentVolumeClaim({ name: `home-${name}`, namespace });
    expect(claim.metadata?.uid).toBe(home.metadata?.uid);
    expect((await workspaceRow(milestoneId))?.state).toBe("Running");

    // Release: Stopped for good, and the workflow ends.
    await handle.signal(releaseWorkspace, { reason: "approved" });
    await expect(handle.result()).resolves.toEqual({ name, namespace, finalState: "Stopped" });
    expect((await readSkillPod(name)).spec.state).toBe("Stopped");
    expect((await workspaceRow(milestoneId))?.state).toBe("Stopped");
    const reports = await waitForReports(input.contractWorkflowId, [
      "Running",
      "Frozen",
      "Running",
      "Stopped",
    ]);
    expect(reports.at(-1)).toEqual({ milestoneId, name, state: "Stopped" });
  });

  it("keeps a freeze that arrives with the start and does not wait for Ready while frozen", async () => {
    const contractId = `c-${suffix()}`;
    const milestoneId = `m-${suffix()}`;
    await insertContract(contractId);
    const input = inputFor(contractId, milestoneId);
    await startRecorder(input.contractWorkflowId);
    const name = skillPodNameFor(contractId, milestoneId);
    const workflowId = provisioningWorkflowId(contractId, milestoneId);

    // The freeze is in the workflow's first task, before ensureSkillPod has even run.
    const handle = await client.workflow.signalWithStart<typeof provisioningWorkflow, []>(
      "provisioningWorkflow",
      { taskQueue, workflowId, args: [input], signal: freezeWorkspace },
    );
    await waitForReports(input.contractWorkflowId, ["Frozen"]);
    expect((await readSkillPod(name)).spec.state).toBe("Stopped");
    expect(await workspaceRow(milestoneId)).toMatchObject({ name, state: "Stopped", endpoint: null });
    await waitFor(`Pod ws-${name} to be absent`, async () => (await readPod(`ws-${name}`)) === undefined);

    await handle.signal(releaseWorkspace, { reason: "refunded" });
    await expect(handle.result()).resolves.toEqual({ name, namespace, finalState: "Stopped" });
    await waitForReports(input.contractWorkflowId, ["Frozen", "Stopped"]);
    expect(await scheduledActivities(workflowId)).not.toContain("waitForSkillPodReady");
  });

  it("cancels the wait for Ready when released while the workspace is still starting", async () => {
    const contractId = `c-${suffix()}`;
    const milestoneId = `m-${suffix()}`;
    await insertContract(contractId);
    const input = inputFor(contractId, milestoneId, { className: hugeClassName });
    await startRecorder(input.contractWorkflowId);
    const name = skillPodNameFor(contractId, milestoneId);
    const workflowId = provisioningWorkflowId(contractId, milestoneId);

    const handle = await client.workflow.start<typeof provisioningWorkflow>("provisioningWorkflow", {
      taskQueue,
      workflowId,
      args: [input],
    });
    // The Pod exists but no node can take it: the SkillPod stays short of Ready, and the wait goes on.
    await waitFor(`Pod ws-${name} to be unschedulable`, async () => {
      const pod = await readPod(`ws-${name}`);
      return pod?.status?.conditions?.some((c) => c.type === "PodScheduled" && c.reason === "Unschedulable");
    });
    await waitFor("the waitForSkillPodReady activity to run", () =>
      Promise.resolve(worker?.getStatus().numInFlightActivities === 1),
    );
    expect(await reportsOf(input.contractWorkflowId)).toEqual([]);

    const released = Date.now();
    await handle.signal(releaseWorkspace, { reason: "contract-ended" });
    await expect(handle.result()).resolves.toEqual({ name, namespace, finalState: "Stopped" });
    expect(Date.now() - released).toBeLessThan(15_000);
    expect(await cancelRequests(workflowId)).toBe(1);
    await waitForReports(input.contractWorkflowId, ["Stopped"]);
    expect((await readSkillPod(name)).spec.state).toBe("Stopped");
    // The activity saw the cancellation on its next heartbeat and closed its watch.
    await waitFor(
      "the waitForSkillPodReady activity to end",
      () => Promise.resolve(worker?.getStatus().numInFlightActivities === 0),
      { timeoutMs: 20_000 },
    );
  });

  it("fails fast and non-retryably with SKP_WORKSPACE_INVALID when the class does not exist", async () => {
    const contractId = `c-${suffix()}`;
    const milestoneId = `m-${suffix()}`;
    await insertContract(contractId);
    // No recorder: the contract workflow is gone, and reporting to it must not get in the way of the failure.
    const input = inputFor(contractId, milestoneId, { className: `missing-${suffix()}` });
    const workflowId = provisioningWorkflowId(contractId, milestoneId);
    const started = Date.now();
    const failure = await client.workflow
      .execute<typeof provisioningWorkflow>("provisioningWorkflow", { taskQueue, workflowId, args: [input] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    const elapsedMs = Date.now() - started;

    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(contractErrorCodes.workspaceInvalid);
    expect((cause as ApplicationFailure).nonRetryable).toBe(true);
    expect(cause?.message).toMatch(/ClassNotFound/);
    expect(elapsedMs).toBeLessThan(30_000);

    // One attempt of each activity: nothing retried a failure that cannot pass.
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const attempts = (history.events ?? [])
      .map((e) => e.activityTaskStartedEventAttributes?.attempt)
      .filter((a) => a !== undefined && a !== null);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.every((a) => a === 1)).toBe(true);

    const name = skillPodNameFor(contractId, milestoneId);
    expect(await workspaceRow(milestoneId)).toMatchObject({ name, state: "Failed" });
    const skillPod = await readSkillPod(name);
    expect(skillPod.status?.conditions?.find((c) => c.type === "Ready")?.reason).toBe("ClassNotFound");
  });

  it("reports Failed to the contract when an activity fails for good, then fails with that error", async () => {
    const contractId = `c-${suffix()}`;
    const milestoneId = `m-${suffix()}`;
    await insertContract(contractId);
    const input = inputFor(contractId, milestoneId, { namespace: await terminatingNamespace() });
    await startRecorder(input.contractWorkflowId);
    const workflowId = provisioningWorkflowId(contractId, milestoneId);

    // Two attempts instead of ten, or this would take minutes; the workflow's own code is what it ships with.
    const failure = await client.workflow
      .execute<typeof provisioningWorkflow>("provisioningWorkflow", {
        taskQueue,
        workflowId,
        args: [input],
        memo: { [activityAttemptsMemo]: 2 },
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    // The activity's own failure, not SKP_WORKSPACE_INVALID: a namespace being deleted may yet go away.
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ActivityFailure);
    const activityError = cause?.cause as ApplicationFailure | undefined;
    expect(activityError).toBeInstanceOf(ApplicationFailure);
    expect(activityError?.type).not.toBe(contractErrorCodes.workspaceInvalid);
    expect(activityError?.message).toMatch(/being terminated/);

    // The contract heard Failed (no SkillPod, so no name), once; no SkillPod, so no record of one.
    expect(await waitForReports(input.contractWorkflowId, ["Failed"])).toEqual([
      { milestoneId, name: "", state: "Failed" },
    ]);
    expect(await workspaceRow(milestoneId)).toBeUndefined();
    // Each attempt was made, and the history carries the patch that old histories replay without.
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const attempts = (history.events ?? []).flatMap(
      (e) => e.activityTaskStartedEventAttributes?.attempt ?? [],
    );
    expect(attempts).toEqual([2]);
    const markers = (history.events ?? []).flatMap((e) => e.markerRecordedEventAttributes?.markerName ?? []);
    expect(markers).toContain("core_patch");
    await replay(workflowId, history);
  });

  it("replays a failure recorded before the report-provisioning-failure patch as it ran: no report", async () => {
    // Recorded from the workflow before the patch, failing the same way (a namespace being deleted).
    const file = new URL(
      "./histories/provisioning/failed-before-report-provisioningWorkflow.json",
      import.meta.url,
    );
    const history = historyFromJSON(JSON.parse(readFileSync(file, "utf8")));
    const workflowId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId ?? "";
    expect(history.events?.at(-1)?.workflowExecutionFailedEventAttributes).toBeTruthy();
    await replay(workflowId, history);
  });

  it("waits by watching, and starts the watch again when the server ends it", async () => {
    const name = `watch-${suffix()}`;
    await custom.createNamespacedCustomObject({
      ...skillPods,
      namespace,
      body: {
        apiVersion: "skillpod.dev/v1alpha1",
        kind: "SkillPod",
        metadata: { name },
        spec: { className, owner: { userId: "u-freelancer" }, state: "Stopped" },
      },
    });
    const api = new SkillPodApi(kubeConfig, pino({ level: "silent" }));
    let reads = 0;
    const phases: string[] = [];
    const waiting = waitUntilReady(
      {
        kubeConfig,
        log: pino({ level: "silent" }),
        skillPods: {
          read: (ref) => {
            reads += 1;
            return api.read(ref);
          },
        },
      },
      { namespace, name },
      {
        heartbeat: ({ phase }) => phases.push(phase),
        signal: new AbortController().signal,
        heartbeatIntervalMs: 200,
        watchTimeoutSeconds: 1,
      },
    );
    // Handled here too, so a failure while the test sleeps is reported by the await below, not as unhandled.
    void waiting.catch(() => undefined);
    // Several one-second watches end while it is Stopped; then it is started and the current watch sees Ready.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    await custom.patchNamespacedCustomObject(
      { ...skillPods, namespace, name, body: { spec: { state: "Running" } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    const ready = await waiting;
    expect(ready).toMatchObject({
      phase: "Running",
      endpoint: `ws-${name}.${namespace}.svc.cluster.local:6901`,
    });
    expect(reads).toBeGreaterThanOrEqual(3);
    expect(phases).toContain("Stopped");
    expect(phases.length).toBeGreaterThanOrEqual(10);
  });

  it("stops waiting when cancelled", async () => {
    const name = `cancel-${suffix()}`;
    await custom.createNamespacedCustomObject({
      ...skillPods,
      namespace,
      body: {
        apiVersion: "skillpod.dev/v1alpha1",
        kind: "SkillPod",
        metadata: { name },
        spec: { className, owner: { userId: "u-freelancer" }, state: "Stopped" },
      },
    });
    const log = pino({ level: "silent" });
    const controller = new AbortController();
    const waiting = waitUntilReady(
      { kubeConfig, log, skillPods: new SkillPodApi(kubeConfig, log) },
      { namespace, name },
      { heartbeat: () => undefined, signal: controller.signal },
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    controller.abort(new Error("cancelled by the test"));
    await expect(waiting).rejects.toThrow("cancelled by the test");
  });
});
