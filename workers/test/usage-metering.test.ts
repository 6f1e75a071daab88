// Usage metering on the real stack: the real operator (a child process scoped to this test's namespace)
// accrues SkillPod running time on kwok nodes, a Temporal Schedule triggers the metering workflow on a real
// worker, and usage records, cursors and invoice lines land in the real PostgreSQL.
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import type { SkillPod, SkillPodSpec } from "@skillpod/api";
import { labels, skillPodClassPlural, skillPodGroup, skillPodPlural, skillPodVersion } from "@skillpod/api";
import { loadKubeConfig } from "@skillpod/kube-client";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { Client, Connection, type ScheduleHandle } from "@temporalio/client";
import { NativeConnection, Worker } from "@temporalio/worker";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createUsageActivities,
  ensureUsageSchedule,
  isoWeekStart,
  weekStartDate,
} from "../src/usage/index.js";
import type { UsageSummary } from "../src/usage/index.js";
import { startScopedOperator, stopOperator } from "./operator-namespace.js";

const suffix = randomBytes(3).toString("hex");
const namespace = `usage-${suffix}`;
const className = `usage-small-${suffix}`;
const taskQueue = `usage-metering-${suffix}`;
const scheduleId = `usage-metering-${suffix}`;
const contracts = {
  hourly: `c-usage-hourly-${suffix}`,
  fixed: `c-usage-fixed-${suffix}`,
  capped: `c-usage-capped-${suffix}`,
  missing: `c-usage-missing-${suffix}`, // labelled on a SkillPod, never inserted
};
const rateMinor = 6000; // 100 minor units a minute
const weeklyLimitMinutes = { hourly: 60, capped: 120 };

const kubeConfig = loadKubeConfig(stackEnv("KUBECONFIG"));
const core = kubeConfig.makeApiClient(CoreV1Api);
const custom = kubeConfig.makeApiClient(CustomObjectsApi);
const skillPods = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

let pool: pg.Pool;
let operator: ChildProcess | undefined;
let operatorExited = false;
let nativeConnection: NativeConnection | undefined;
let connection: Connection | undefined;
let worker: Worker | undefined;
let workerRun: Promise<void> | undefined;
let schedule: ScheduleHandle | undefined;
const logLines: Array<{ level: number; msg: string }> = [];
const logDir = mkdtempSync(join(tmpdir(), "usage-metering-"));

// ---------------------------------------------------------------------------------------------------------
// Set-up helpers

async function insertContract(id: string, billing: "FIXED" | "HOURLY", limit: number | null): Promise<void> {
  await pool.query(
    `INSERT INTO contracts (id, workflow_id, client_id, freelancer_id, title, currency, billing,
                            hourly_rate_minor, weekly_limit_minutes, platform_fee_bps, state)
     VALUES ($1, $2, 'u-client', 'u-freelancer', 'Usage metering test', 'EUR', $3::"ContractBilling", $4, $5, 1000, 'active')`,
    [id, `wf-${id}`, billing, billing === "HOURLY" ? rateMinor : null, limit],
  );
}

async function createSkillPod(
  name: string,
  contractId: string,
  state: SkillPodSpec["state"] = "Running",
): Promise<SkillPod> {
  const body = {
    apiVersion: "skillpod.dev/v1alpha1",
    kind: "SkillPod",
    metadata: { name, labels: { [labels.contract]: contractId } },
    spec: { className, owner: { userId: "u-freelancer" }, contract: { id: contractId }, state },
  };
  return (await custom.createNamespacedCustomObject({ ...skillPods, namespace, body })) as SkillPod;
}

async function getSkillPod(name: string): Promise<SkillPod> {
  return (await custom.getNamespacedCustomObject({ ...skillPods, namespace, name })) as SkillPod;
}

function waitForPhase(name: string, phase: string): Promise<SkillPod> {
  return waitFor(
    `SkillPod ${namespace}/${name} to be ${phase} (operator log in ${logDir})`,
    async () => {
      if (operatorExited) throw new Error("the operator exited");
      const skillPod = await getSkillPod(name);
      return skillPod.status?.phase === phase ? skillPod : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

/** Writes status.usage through the status subresource, the way the operator does (merge patch). */
async function writeUsage(name: string, closedSeconds: number): Promise<void> {
  await custom.patchNamespacedCustomObjectStatus(
    {
      ...skillPods,
      namespace,
      name,
      body: { status: { usage: { closedSeconds, runningSeconds: closedSeconds } } },
    },
    mergePatch,
  );
  // The operator keeps closedSeconds across its own status writes; make sure ours is what is stored.
  await waitFor(`SkillPod ${name} to report ${closedSeconds}s`, async () => {
    const usage = (await getSkillPod(name)).status?.usage;
    return usage?.closedSeconds === closedSeconds && usage.runningSeconds === closedSeconds;
  });
}

let lastTriggerAt = 0;

/** Triggers the Schedule and waits for the workflow run it started. */
async function triggerRun(): Promise<UsageSummary> {
  const handle = schedule!;
  // The Schedule names a run's workflow after the second it starts in: two triggers in one second collide.
  await sleep(Math.max(0, lastTriggerAt + 1100 - Date.now()));
  lastTriggerAt = Date.now();
  const before = (await handle.describe()).info.recentActions.length;
  await handle.trigger();
  const action = await waitFor("the triggered metering run to start", async () => {
    const actions = (await handle.describe()).info.recentActions;
    return actions.length > before ? actions[actions.length - 1] : undefined;
  });
  const client = new Client({ connection: connection!, namespace: "default" });
  return client.workflow
    .getHandle(action.action.workflow.workflowId, action.action.workflow.firstExecutionRunId)
    .result() as Promise<UsageSummary>;
}

// ---------------------------------------------------------------------------------------------------------
// Database reads

type RecordRow = { period_start: Date; period_end: Date; running_seconds: number; contract_id: string };
type LineRow = {
  week_start: string;
  metered_minutes: number;
  billable_minutes: number;
  amount_minor: string;
  currency: string;
  capped: boolean;
};

async function recordsOf(uid: string): Promise<RecordRow[]> {
  const { rows } = await pool.query<RecordRow>(
    `SELECT period_start, period_end, running_seconds, contract_id FROM usage_records
      WHERE skillpod_uid = $1 ORDER BY period_end`,
    [uid],
  );
  return rows;
}

async function cursorOf(uid: string): Promise<{ running_seconds: number; observed_at: Date } | undefined> {
  const { rows } = await pool.query<{ running_seconds: number; observed_at: Date }>(
    `SELECT running_seconds, observed_at FROM usage_cursors WHERE skillpod_uid = $1`,
    [uid],
  );
  return rows[0];
}

async function linesOf(contractId: string): Promise<LineRow[]> {
  const { rows } = await pool.query<LineRow>(
    `SELECT week_start::text AS week_start, metered_minutes, billable_minutes, amount_minor::text AS amount_minor,
            currency, capped FROM invoice_lines WHERE contract_id = $1 ORDER BY week_start`,
    [contractId],
  );
  return rows;
}

const sum = (rows: RecordRow[]): number => rows.reduce((total, r) => total + r.running_seconds, 0);
const uidOf = (s: SkillPod): string => s.metadata?.uid ?? "";

/** Periods of one SkillPod follow each other without gaps or overlaps. */
function expectContiguous(rows: RecordRow[]): void {
  for (let i = 1; i < rows.length; i++) {
    expect(rows[i]!.period_start.getTime()).toBe(rows[i - 1]!.period_end.getTime());
  }
}

// ---------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 4 });
  await insertContract(contracts.hourly, "HOURLY", weeklyLimitMinutes.hourly);
  await insertContract(contracts.fixed, "FIXED", null);
  await insertContract(contracts.capped, "HOURLY", weeklyLimitMinutes.capped);

  await core.createNamespace({
    body: { metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
  });
  await custom.createClusterCustomObject({
    group: skillPodGroup,
    version: skillPodVersion,
    plural: skillPodClassPlural,
    body: {
      apiVersion: "skillpod.dev/v1alpha1",
      kind: "SkillPodClass",
      metadata: { name: className, labels: { "skillpod.dev/test": "true" } },
      spec: {
        image: "ghcr.io/skillpod/desktop:1.0",
        resources: { default: { cpu: "100m", memory: "128Mi" }, max: { cpu: "1", memory: "1Gi" } },
        home: { defaultSize: "1Gi" },
      },
    },
  });
  // status.usage refreshed every second, so running time visibly accrues within the test.
  const started = await startScopedOperator(namespace, join(logDir, "operator.log"), {
    OPERATOR_USAGE_REFRESH_SECONDS: "1",
  });
  started.once("exit", () => {
    operatorExited = true;
  });
  operator = started;

  const log = pino(
    { level: "debug" },
    { write: (line: string) => logLines.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  nativeConnection = await NativeConnection.connect({ address: stackEnv("TEMPORAL_ADDRESS") });
  worker = await Worker.create({
    connection: nativeConnection,
    namespace: "default",
    taskQueue,
    workflowsPath: fileURLToPath(new URL("./fixtures/usage-workflows.ts", import.meta.url)),
    // Scoped to this test's namespace: the shared cluster holds other engineers' contract-bound SkillPods.
    activities: createUsageActivities({ kubeConfig, pool, log, namespace }),
  });
  workerRun = worker.run();
  connection = await Connection.connect({ address: stackEnv("TEMPORAL_ADDRESS") });
  const client = new Client({ connection, namespace: "default" });
  schedule = await ensureUsageSchedule(client, { scheduleId, intervalSeconds: 3600, taskQueue });
  // Only triggers may run during the test, so every run is one the test counts.
  await schedule.pause("usage metering test: triggered runs only");
});

afterAll(async () => {
  await schedule?.delete().catch(() => undefined);
  worker?.shutdown();
  await workerRun?.catch(() => undefined);
  await nativeConnection?.close();
  await connection?.close();
  // Finalizers need the operator: delete the SkillPods first, then stop it.
  await custom.deleteCollectionNamespacedCustomObject({ ...skillPods, namespace }).catch(() => undefined);
  await waitFor(
    `every SkillPod in ${namespace} to be finalized`,
    async () => {
      const list = (await custom.listNamespacedCustomObject({ ...skillPods, namespace })) as {
        items: unknown[];
      };
      return list.items.length === 0;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  ).catch(() => undefined);
  if (operator) await stopOperator(operator);
  await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  await custom
    .deleteClusterCustomObject({
      group: skillPodGroup,
      version: skillPodVersion,
      plural: skillPodClassPlural,
      name: className,
    })
    .catch(() => undefined);
  const ids = [contracts.hourly, contracts.fixed, contracts.capped];
  await pool.query(`DELETE FROM invoice_lines WHERE contract_id = ANY($1::text[])`, [ids]);
  await pool.query(`DELETE FROM usage_records WHERE contract_id = ANY($1::text[])`, [ids]);
  await pool.query(`DELETE FROM usage_cursors WHERE contract_id = ANY($1::text[])`, [ids]);
  await pool.query(`DELETE FROM contracts WHERE id = ANY($1::text[])`, [ids]);
  await pool.end();
  kubeConfig.destroyAgents();
});

describe("usage metering", () => {
  it("keeps the Schedule's pause when ensuring it again, and takes the new interval", async () => {
    const client = new Client({ connection: connection!, namespace: "default" });
    const again = await ensureUsageSchedule(client, { scheduleId, intervalSeconds: 1800, taskQueue });
    const description = await again.describe();
    expect(again.scheduleId).toBe(scheduleId);
    expect(description.state.paused).toBe(true);
    expect(description.spec.intervals?.[0]?.every).toBe(1_800_000);
    expect(description.policies.overlap).toBe("SKIP");
    expect(description.action).toMatchObject({ workflowType: "usageMeteringWorkflow", taskQueue });
  });

  it("meters real running time per contract, counting each second once", async () => {
    await createSkillPod("hourly", contracts.hourly);
    await createSkillPod("fixed", contracts.fixed);
    await createSkillPod("orphan", contracts.missing, "Stopped");
    const hourly = await waitForPhase("hourly", "Running");
    const fixed = await waitForPhase("fixed", "Running");
    await sleep(3000);

    const first = await triggerRun();
    expect(first).toEqual({ skillPods: 2, skipped: 1, records: 2, invoiceLines: 1 });
    expect(logLines.some((l) => l.level === 40 && l.msg.includes(`${namespace}/orphan`))).toBe(true);

    // One open session that began at startedAt: its time is exactly the wall clock since then.
    const startedAt = Date.parse(hourly.status?.startedAt ?? "");
    const [record] = await recordsOf(uidOf(hourly));
    expect(record?.contract_id).toBe(contracts.hourly);
    expect(record?.period_start.getTime()).toBe(startedAt);
    expect(record?.running_seconds).toBe(Math.floor((record!.period_end.getTime() - startedAt) / 1000));
    expect(record?.running_seconds).toBeGreaterThanOrEqual(3);
    // …and in line with what the operator itself has counted by now (it refreshes every second, and may lag
    // a little on a busy machine).
    const reported = (await getSkillPod("hourly")).status?.usage?.runningSeconds ?? 0;
    expect(Math.abs(record!.running_seconds - reported)).toBeLessThanOrEqual(5);
    expect((await cursorOf(uidOf(hourly)))?.running_seconds).toBe(record?.running_seconds);

    // The fixed contract's time is metered too but never invoiced.
    expect(sum(await recordsOf(uidOf(fixed)))).toBeGreaterThanOrEqual(3);
    expect(await linesOf(contracts.fixed)).toEqual([]);

    // Stop one session, let the other run on, and meter again: only the time since the first run is added.
    await sleep(1500);
    await custom.patchNamespacedCustomObject(
      { ...skillPods, namespace, name: "fixed", body: { spec: { state: "Stopped" } } },
      mergePatch,
    );
    const stopped = await waitForPhase("fixed", "Stopped");
    await sleep(1500);
    const second = await triggerRun();
    expect(second.skillPods).toBe(2);

    const hourlyRecords = await recordsOf(uidOf(hourly));
    expect(hourlyRecords.length).toBeGreaterThanOrEqual(2);
    expectContiguous(hourlyRecords);
    const end = hourlyRecords[hourlyRecords.length - 1]!.period_end.getTime();
    expect(sum(hourlyRecords)).toBe(Math.floor((end - startedAt) / 1000));
    expect((await cursorOf(uidOf(hourly)))?.running_seconds).toBe(sum(hourlyRecords));

    // A closed session is taken as the operator closed it, to the second.
    const closedSeconds = stopped.status?.usage?.closedSeconds ?? -1;
    const fixedRecords = await recordsOf(uidOf(fixed));
    expectContiguous(fixedRecords);
    expect(sum(fixedRecords)).toBe(closedSeconds);
    expect((await cursorOf(uidOf(fixed)))?.running_seconds).toBe(closedSeconds);

    // Nothing new ran on the stopped SkillPod: a third run adds no record for it.
    const third = await triggerRun();
    expect(third.skillPods).toBe(2);
    expect(await recordsOf(uidOf(fixed))).toEqual(fixedRecords);

    // The hourly contract's line is recomputed from all its records of the week.
    const total = sum(await recordsOf(uidOf(hourly)));
    const minutes = Math.floor(total / 60);
    const billable = Math.min(minutes, weeklyLimitMinutes.hourly);
    expect(await linesOf(contracts.hourly)).toEqual([
      {
        week_start: weekStartDate(isoWeekStart(Date.now())),
        metered_minutes: minutes,
        billable_minutes: billable,
        amount_minor: String(Math.floor((billable * rateMinor) / 60)),
        currency: "EUR",
        capped: minutes > weeklyLimitMinutes.hourly,
      },
    ]);
  });

  it("counts nothing twice when runs overlap", async () => {
    // Schedules skip overlapping runs, but a retried activity can still meet a slow earlier attempt.
    const hourly = await getSkillPod("hourly");
    const startedAt = Date.parse(hourly.status?.startedAt ?? "");
    const before = await recordsOf(uidOf(hourly));
    await sleep(1500);
    const at = Date.now();
    const log = pino({ level: "silent" });
    const attempt = (): Promise<UsageSummary> =>
      createUsageActivities({ kubeConfig, pool, log, namespace, now: () => at }).meterUsage();
    const [a, b] = await Promise.all([attempt(), attempt()]);
    // Both see the same time since the cursor; whichever locks it second finds it already moved.
    expect(a.records + b.records).toBe(1);
    const after = await recordsOf(uidOf(hourly));
    expect(after).toHaveLength(before.length + 1);
    expectContiguous(after);
    expect(after[after.length - 1]?.period_end.getTime()).toBe(at);
    expect(sum(after)).toBe(Math.floor((at - startedAt) / 1000));
    expect((await cursorOf(uidOf(hourly)))?.running_seconds).toBe(sum(after));
  });

  it("caps an hourly contract's week at its weekly limit, and survives running time going down", async () => {
    // Five hours of real time would not fit a test: the status is written as the operator writes it, on a
    // stopped SkillPod so that the operator keeps the closed total and adds nothing.
    await createSkillPod("capped", contracts.capped, "Stopped");
    const capped = await waitForPhase("capped", "Stopped");
    await writeUsage("capped", 5 * 3600 + 30);

    await triggerRun();
    const week = weekStartDate(isoWeekStart(Date.now()));
    expect(sum(await recordsOf(uidOf(capped)))).toBe(5 * 3600 + 30);
    const cappedLine = {
      week_start: week,
      metered_minutes: 300,
      billable_minutes: 120,
      amount_minor: "12000", // 120 minutes at 6000 an hour
      currency: "EUR",
      capped: true,
    };
    expect(await linesOf(contracts.capped)).toEqual([cappedLine]);

    // Status rewritten lower (a restore, a hand edit): nothing is billed and the cursor follows it down…
    await writeUsage("capped", 100);
    await triggerRun();
    expect(sum(await recordsOf(uidOf(capped)))).toBe(5 * 3600 + 30);
    expect((await cursorOf(uidOf(capped)))?.running_seconds).toBe(100);
    expect(logLines.some((l) => l.level === 40 && l.msg.startsWith("Reset usage cursor of SkillPod"))).toBe(
      true,
    );

    // …so that growth from there is billed again.
    await writeUsage("capped", 160);
    await triggerRun();
    expect(sum(await recordsOf(uidOf(capped)))).toBe(5 * 3600 + 90);
    expect(await linesOf(contracts.capped)).toEqual([{ ...cappedLine, metered_minutes: 301 }]);
  });
});
