// A compute budget bound to the contract, end to end on the real stack: the contract's funded compute becomes
// the SkillPod's spec.budget (through the real ProvisioningWorkflow and its activities), the real operator
// warns before the end, stops the workspace with reason BudgetExhausted at the end and again when the owner
// starts it while the budget is used, and a top-up (the contract's fundCompute update) raises the budget so
// that the owner can start it again. Real apiserver, kwok, Temporal, PostgreSQL and payment sandbox.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type CoreV1Event } from "@kubernetes/client-node";
import type { SkillPod, SkillPodCondition } from "@skillpod/api";
import {
  skillPodConditionTypes,
  skillPodGroup,
  skillPodPlural,
  skillPodVersion,
  stoppedReasonAnnotation,
} from "@skillpod/api";
import {
  contractWorkflowId,
  provisioningWorkflowId,
  type ContractTerms,
  type ContractView,
  type MilestoneView,
} from "@skillpod/contract-messages";
import { waitFor } from "@skillpod/testkit";
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditLedger } from "../src/ledger/index.js";
import { skillPodNameFor } from "../src/provisioning/index.js";
import { clientOf, freelancerOf } from "./contract-fixtures.js";
import { startContractStack, type ContractStack } from "./contract-harness.js";
import { startOperatorNamespace, type OperatorNamespace } from "./operator-namespace.js";

const run = randomBytes(3).toString("hex");
const namespace = `contract-budget-${run}`;
const className = `contract-budget-${run}`;
const skillPods = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
/** Small budgets keep the test short: the warning 4 s before the end of 8 s of running time. */
const budgetSeconds = 8;
const warnSeconds = 4;

let cluster: OperatorNamespace;
let stack: ContractStack;
const contracts: ContractTerms[] = [];

beforeAll(async () => {
  cluster = await startOperatorNamespace(namespace, { [className]: { cpu: "100m", memory: "128Mi" } });
  stack = await startContractStack({ provisioningWorker: true });
}, 180_000);

afterEach(async () => {
  expect(await auditLedger(stack.pool)).toEqual([]);
});

afterAll(async () => {
  if (stack) {
    await terminateLeftovers();
    const ids = contracts.map((t) => t.contractId);
    if (ids.length > 0) await stack.pool.query("DELETE FROM workspaces WHERE contract_id = ANY($1)", [ids]);
    await stack.close();
  }
  await cluster?.close();
}, 180_000);

/** A test that failed half-way leaves workflows on our queues, which nobody polls after this run. */
async function terminateLeftovers(): Promise<void> {
  const ids = contracts.flatMap((t) => [
    contractWorkflowId(t.contractId),
    ...t.milestones.map((m) => provisioningWorkflowId(t.contractId, m.id)),
  ]);
  for (const id of ids) {
    const handle = stack.client.workflow.getHandle(id);
    const status = await handle.describe().then(
      (d) => d.status.name,
      () => "NOT_FOUND",
    );
    if (status === "RUNNING") await handle.terminate("contract-budget test cleanup");
  }
}

function budgetTerms(billing: Partial<ContractTerms>, computeSeconds?: number): ContractTerms {
  const id = randomBytes(5).toString("hex");
  const terms: ContractTerms = {
    contractId: `c-${id}`,
    clientId: `client-${id}`,
    freelancerId: `free-${id}`,
    title: `Budget contract ${id}`,
    currency: "EUR",
    platformFeeBps: 1000,
    billing: "FIXED",
    workspace: { namespace, className, graceSeconds: 3600, computeWarnSeconds: warnSeconds },
    milestones: [{ id: `m1_${id}`, title: "Build", amountMinor: 5_000, computeSeconds }],
    ...billing,
  };
  contracts.push(terms);
  return terms;
}

/** Started, accepted and funded: its ProvisioningWorkflow creates the SkillPod. */
async function fundedContract(terms: ContractTerms): Promise<{ milestoneId: string; name: string }> {
  const milestoneId = terms.milestones[0]?.id ?? "";
  await stack.deposit(terms.clientId, 100_000);
  await stack.contracts.start(terms);
  await stack.contracts.accept(terms.contractId, freelancerOf(terms));
  await stack.contracts.fund(terms.contractId, clientOf(terms), milestoneId);
  return { milestoneId, name: skillPodNameFor(terms.contractId, milestoneId) };
}

function milestoneOf(view: ContractView, id: string): MilestoneView {
  const m = view.milestones.find((x) => x.id === id);
  if (m === undefined) throw new Error(`no milestone ${id} in ${JSON.stringify(view)}`);
  return m;
}

const conditionOf = (s: SkillPod, type: string): SkillPodCondition | undefined =>
  s.status?.conditions?.find((c) => c.type === type);

/** The SkillPod once `test` holds; a timeout reports what it looked like last. */
function skillPodWhen(name: string, what: string, test: (s: SkillPod) => boolean): Promise<SkillPod> {
  return waitFor(
    `SkillPod ${name}: ${what} (operator log: ${cluster.operatorLog})`,
    async () => {
      const s = await cluster.readSkillPod(name).catch(() => undefined);
      if (s && test(s)) return s;
      throw new Error(`spec ${JSON.stringify(s?.spec)}, status ${JSON.stringify(s?.status)}`);
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
}

const stoppedForBudget = (s: SkillPod): boolean =>
  s.spec.state === "Stopped" && s.metadata?.annotations?.[stoppedReasonAnnotation] === "BudgetExhausted";

async function budgetEvents(name: string): Promise<CoreV1Event[]> {
  const core = cluster.kubeConfig.makeApiClient(CoreV1Api);
  const list = await core.listNamespacedEvent({
    namespace,
    fieldSelector: `involvedObject.name=${name},reason=BudgetExhausted`,
  });
  return list.items;
}

const countOf = (events: CoreV1Event[]): number => events.reduce((n, e) => n + (e.count ?? 1), 0);

/** What the owner does in the portal: spec.state Running. */
async function ownerStarts(name: string): Promise<void> {
  await cluster.custom.patchNamespacedCustomObject(
    { ...skillPods, namespace, name, body: { spec: { state: "Running" } } },
    mergePatch,
  );
}

describe("compute budget from the contract", () => {
  it("a fixed milestone's compute runs out: warned, stopped, stopped again on a start, and runs after a top-up", async () => {
    const terms = budgetTerms({}, budgetSeconds);
    const { milestoneId, name } = await fundedContract(terms);

    const running = await skillPodWhen(name, "Running", (s) => s.status?.phase === "Running");
    const firstPod = (await cluster.readPod(name))?.metadata?.uid;
    expect(running.spec.budget).toEqual({ runningSeconds: budgetSeconds, warnSeconds });
    const warned = await skillPodWhen(
      name,
      "BudgetWarning True",
      (s) => conditionOf(s, skillPodConditionTypes.budgetWarning)?.status === "True" || stoppedForBudget(s),
    );
    expect(conditionOf(warned, skillPodConditionTypes.budgetWarning)).toMatchObject({
      status: "True",
      reason: "BudgetLow",
    });
    expect(warned.spec.state).toBe("Running");

    const stopped = await skillPodWhen(
      name,
      "stopped with its budget used and its session closed",
      (s) => stoppedForBudget(s) && s.status?.phase === "Stopped",
    );
    // Stopped at the end of the budget (plus the Pod's deletion), not at a usage refresh minutes later.
    expect(stopped.status?.usage?.runningSeconds).toBeGreaterThanOrEqual(budgetSeconds);
    expect(stopped.status?.usage?.runningSeconds).toBeLessThan(budgetSeconds + 15);
    expect(conditionOf(stopped, "Ready")).toMatchObject({ status: "False", reason: "BudgetExhausted" });
    expect(conditionOf(stopped, skillPodConditionTypes.budgetWarning)).toMatchObject({
      status: "False",
      reason: "BudgetExhausted",
    });
    expect(await cluster.readPod(name)).toBeUndefined();
    const events = await budgetEvents(name);
    expect(events[0]?.message).toBe(
      `Stopped SkillPod ${name}: its compute budget of ${budgetSeconds}s is used`,
    );
    expect(countOf(events)).toBe(1);

    // The owner starts it while the budget is used: stopped again at once, with another Event, no Pod.
    await ownerStarts(name);
    await waitFor("a second BudgetExhausted Event", async () => countOf(await budgetEvents(name)) === 2, {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    const again = await skillPodWhen(name, "stopped again", (s) => stoppedForBudget(s));
    expect(again.status?.phase).toBe("Stopped");
    expect(await cluster.readPod(name)).toBeUndefined();

    // Only the client tops up; the top-up raises the SkillPod's budget through the ProvisioningWorkflow.
    await expect(
      stack.contracts.fundCompute(terms.contractId, freelancerOf(terms), milestoneId, 60),
    ).rejects.toMatchObject({ code: "SKP_CONTRACT_WRONG_PARTY" });
    const topped = await stack.contracts.fundCompute(terms.contractId, clientOf(terms), milestoneId, 60);
    expect(milestoneOf(topped, milestoneId).computeSeconds).toBe(budgetSeconds + 60);
    await skillPodWhen(name, "budget raised", (s) => s.spec.budget?.runningSeconds === budgetSeconds + 60);

    await ownerStarts(name);
    const restarted = await skillPodWhen(name, "Running again", (s) => s.status?.phase === "Running");
    expect(restarted.spec.state).toBe("Running");
    // A new session in a new Pod, counted on top of the 8 s already used.
    expect((await cluster.readPod(name))?.metadata?.uid).not.toBe(firstPod);
    expect(restarted.status?.usage?.closedSeconds).toBeGreaterThanOrEqual(budgetSeconds);
    expect(conditionOf(restarted, "Ready")?.status).toBe("True");
    expect(conditionOf(restarted, skillPodConditionTypes.budgetWarning)).toMatchObject({
      status: "False",
      reason: "BudgetAvailable",
    });
    expect(countOf(await budgetEvents(name))).toBe(2);

    await stack.contracts.cancel(terms.contractId, clientOf(terms), "budget test done");
    expect((await stack.contracts.result(terms.contractId)).phase).toBe("cancelled");
  }, 180_000);

  it("an hourly contract's workspace is budgeted its weekly cap", async () => {
    const terms = budgetTerms({ billing: "HOURLY", hourlyRateMinor: 4_000, weeklyLimitMinutes: 90 });
    const { name } = await fundedContract(terms);
    const created = await skillPodWhen(name, "created", () => true);
    expect(created.spec.budget).toEqual({ runningSeconds: 90 * 60, warnSeconds });
    await stack.contracts.cancel(terms.contractId, clientOf(terms), "budget test done");
    expect((await stack.contracts.result(terms.contractId)).phase).toBe("cancelled");
  }, 120_000);
});
