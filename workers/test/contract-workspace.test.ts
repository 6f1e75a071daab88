// ContractWorkflow driving real workspaces: the contract's ProvisioningWorkflow children run on a worker with the
// real provisioning activities, against the real apiserver, kwok nodes and the real operator watching a
// namespace of our own; money moves through the real ledger and payment sandbox. After each test the whole
// ledger is audited.
import { NetworkingV1Api } from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import { skillPodGroup, skillPodPlural, skillPodVersion } from "@skillpod/api";
import {
  contractWorkflowId,
  payoutWorkflowId,
  provisioningWorkflowId,
  type ContractTerms,
  type ContractView,
  type MilestoneView,
  type ProvisioningResult,
  type WorkspaceTerms,
} from "@skillpod/contract-messages";
import { waitFor } from "@skillpod/testkit";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditLedger, balanceOf, escrowOf, walletOf } from "../src/ledger/index.js";
import { skillPodNameFor } from "../src/provisioning/index.js";
import { admin, clientOf, freelancerOf } from "./contract-fixtures.js";
import { startContractStack, type ContractStack } from "./contract-harness.js";
import {
  startOperatorNamespace,
  startScopedOperator,
  stopOperator,
  type OperatorNamespace,
} from "./operator-namespace.js";

const run = randomBytes(3).toString("hex");
const namespace = `contract-ws-${run}`;
const className = `contract-ws-${run}`;
const graceSeconds = 3600;
/** Each workspace start and stop goes through apiserver, scheduler, kwok and operator: slow on a busy machine. */
const testTimeoutMs = 300_000;

let cluster: OperatorNamespace;
let stack: ContractStack;
const contractIds: string[] = [];

beforeAll(async () => {
  // Small, so it fits the kwok nodes next to everyone else's workspaces.
  cluster = await startOperatorNamespace(namespace, { [className]: { cpu: "100m", memory: "128Mi" } });
  stack = await startContractStack({ provisioningWorker: true });
}, 180_000);

afterEach(async () => {
  expect(await auditLedger(stack.pool)).toEqual([]);
});

afterAll(async () => {
  if (stack) {
    await terminateLeftovers();
    if (contractIds.length > 0)
      await stack.pool.query("DELETE FROM workspaces WHERE contract_id = ANY($1)", [contractIds]);
    await stack.close();
  }
  await cluster?.close();
}, 180_000);

/** A test that failed half-way leaves workflows on our queues, which nobody polls after this run. */
async function terminateLeftovers(): Promise<void> {
  const ids = contractIds.flatMap((contractId) => [
    contractWorkflowId(contractId),
    ...[1, 2, 3].flatMap((i) => [
      provisioningWorkflowId(contractId, milestoneIdOf(contractId, i)),
      payoutWorkflowId(contractId, milestoneIdOf(contractId, i)),
    ]),
  ]);
  for (const id of ids) {
    const handle = stack.client.workflow.getHandle(id);
    const status = await handle.describe().then(
      (d) => d.status.name,
      () => "NOT_FOUND",
    );
    if (status === "RUNNING") await handle.terminate("contract-workspace test cleanup");
  }
}

// ---------------------------------------------------------------------------------------------------------

/** Due in three days (whole seconds, as the control plane stores them): no reminder fires during a test. */
function dueAt(daysFromNow: number): string {
  const at = Math.floor(Date.now() / 1000) * 1000 + daysFromNow * 24 * 3600 * 1000;
  return new Date(at).toISOString();
}

const milestoneIdOf = (contractId: string, index: number): string => `m${index}_${contractId.slice(2)}`;

/** Terms with `count` milestones, each due on its own day, and workspaces in our namespace. */
function workspaceTerms(count: number, workspace: Partial<WorkspaceTerms> = {}): ContractTerms {
  const id = randomBytes(5).toString("hex");
  const contractId = `c-${id}`;
  contractIds.push(contractId);
  const amounts = [10_000, 5_005, 2_000];
  return {
    contractId,
    clientId: `client-${id}`,
    freelancerId: `free-${id}`,
    title: `Workspace contract ${id}`,
    currency: "EUR",
    platformFeeBps: 1000,
    billing: "FIXED",
    workspace: { namespace, className, graceSeconds, ...workspace },
    milestones: Array.from({ length: count }, (_, i) => ({
      id: milestoneIdOf(contractId, i + 1),
      title: `Milestone ${i + 1}`,
      amountMinor: amounts[i] ?? 1_000,
      dueAt: dueAt(3 + i),
    })),
  };
}

async function activeContract(
  count: number,
  workspace: Partial<WorkspaceTerms> = {},
): Promise<ContractTerms> {
  const terms = workspaceTerms(count, workspace);
  await stack.deposit(terms.clientId, 100_000);
  await stack.contracts.start(terms);
  await stack.contracts.accept(terms.contractId, freelancerOf(terms));
  return terms;
}

function milestoneOf(view: ContractView, id: string): MilestoneView {
  const m = view.milestones.find((x) => x.id === id);
  if (m === undefined) throw new Error(`no milestone ${id} in ${JSON.stringify(view)}`);
  return m;
}

/** The milestone once the contract's view shows its workspace in `state`. */
function waitForWorkspace(terms: ContractTerms, id: string, state: string): Promise<MilestoneView> {
  return waitFor(
    `the workspace of ${id} to be ${state} in the contract's state`,
    async () => {
      const m = milestoneOf(await stack.contracts.state(terms.contractId), id);
      if (m.workspace?.state === state) return m;
      // Thrown, not returned, so that a timeout reports what the contract showed last.
      throw new Error(`milestone ${m.state}, workspace ${JSON.stringify(m.workspace ?? null)}`);
    },
    { timeoutMs: 90_000, intervalMs: 200 },
  );
}

function waitForPayout(terms: ContractTerms, id: string, state: string): Promise<ContractView> {
  return waitFor(
    `payout of ${id} ${state}`,
    async () => {
      const view = await stack.contracts.state(terms.contractId);
      return milestoneOf(view, id).payout.state === state ? view : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

/** spec.state Stopped and the Pod deleted by the operator. */
async function waitForStopped(name: string): Promise<void> {
  await waitFor(
    `SkillPod ${name} to be Stopped with its Pod gone (operator log: ${cluster.operatorLog})`,
    async () =>
      (await cluster.readSkillPod(name)).spec.state === "Stopped" &&
      (await cluster.readPod(name)) === undefined,
    { timeoutMs: 90_000 },
  );
}

type WorkspaceRow = {
  namespace: string;
  name: string;
  state: string;
  endpoint: string | null;
  expires_at: Date | null;
};

async function workspaceRow(milestoneId: string): Promise<WorkspaceRow | undefined> {
  const result = await stack.pool.query<WorkspaceRow>(
    "SELECT namespace, name, state, endpoint, expires_at FROM workspaces WHERE milestone_id = $1",
    [milestoneId],
  );
  return result.rows[0];
}

function provisioningResult(terms: ContractTerms, id: string): Promise<ProvisioningResult> {
  return stack.client.workflow
    .getHandle(provisioningWorkflowId(terms.contractId, id))
    .result() as Promise<ProvisioningResult>;
}

/** Funds a milestone and waits until its workspace runs; returns the SkillPod's name and home volume uid. */
async function fundRunning(terms: ContractTerms, id: string): Promise<{ name: string; homeUid: string }> {
  await stack.contracts.fund(terms.contractId, clientOf(terms), id);
  const m = await waitForWorkspace(terms, id, "Running");
  expect(m.state).toBe("in_progress");
  const name = skillPodNameFor(terms.contractId, id);
  const home = await cluster.readHome(name);
  expect(home?.metadata?.uid).toBeDefined();
  return { name, homeUid: home?.metadata?.uid ?? "" };
}

const skillPods = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };

/** Deletes the SkillPods (while the operator still runs: they carry its finalizer), then the namespace. */
async function removeTenant(tenant: string): Promise<void> {
  await cluster.custom
    .deleteCollectionNamespacedCustomObject({ ...skillPods, namespace: tenant })
    .catch(() => undefined);
  await waitFor(
    `SkillPods in ${tenant} to be gone`,
    async () => {
      const list = (await cluster.custom.listNamespacedCustomObject({ ...skillPods, namespace: tenant })) as {
        items: [];
      };
      return list.items.length === 0;
    },
    { timeoutMs: 60_000 },
  ).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------------------

describe("ContractWorkflow with workspaces", () => {
  it(
    "funding creates the milestone's SkillPod, Running moves it to in_progress, and approval stops it",
    async () => {
      const terms = await activeContract(2);
      const [m1, m2] = terms.milestones.map((m) => m.id) as [string, string];
      const name = skillPodNameFor(terms.contractId, m1);

      const funded = await stack.contracts.fund(terms.contractId, clientOf(terms), m1);
      // Funded, not yet in progress: the workspace has not reported Running.
      expect(milestoneOf(funded, m1)).toMatchObject({
        state: "funded",
        funded: true,
        workspace: { name: "", state: "Provisioning" },
      });
      expect(milestoneOf(funded, m2).workspace).toBeUndefined();

      const running = await waitForWorkspace(terms, m1, "Running");
      const skillPod = await cluster.readSkillPod(name);
      expect(skillPod.spec).toMatchObject({
        className,
        owner: { userId: terms.freelancerId },
        contract: { id: terms.contractId, milestoneId: m1 },
        state: "Running",
        supervision: { viewers: [terms.clientId] },
      });
      const due = terms.milestones[0]?.dueAt ?? "";
      expect(Date.parse(skillPod.spec.expiresAt ?? "")).toBe(Date.parse(due) + graceSeconds * 1000);
      expect(skillPod.status?.phase).toBe("Running");
      expect(skillPod.status?.endpoint).toBe(`ws-${name}.${namespace}.svc.cluster.local:6901`);
      expect(running).toMatchObject({
        state: "in_progress",
        workspace: { name, state: "Running", endpoint: skillPod.status?.endpoint },
      });
      // The view moves first; the record of it follows in an activity.
      await waitFor("milestone row in_progress", async () => {
        const row = await stack.pool.query<{ state: string }>("SELECT state FROM milestones WHERE id = $1", [
          m1,
        ]);
        return row.rows[0]?.state === "in_progress";
      });
      const row = await workspaceRow(m1);
      expect(row).toMatchObject({ namespace, name, state: "Running", endpoint: skillPod.status?.endpoint });
      expect(row?.expires_at?.getTime()).toBe(Date.parse(due) + graceSeconds * 1000);
      const pod = await cluster.readPod(name);
      expect(pod?.status?.phase).toBe("Running");
      // Only the funded milestone has a workspace.
      await expect(cluster.readSkillPod(skillPodNameFor(terms.contractId, m2))).rejects.toMatchObject({
        code: 404,
      });

      const home = await cluster.readHome(name);
      await stack.contracts.submit(terms.contractId, freelancerOf(terms), m1, "wireframes attached");
      await stack.contracts.approve(terms.contractId, clientOf(terms), m1);
      await expect(provisioningResult(terms, m1)).resolves.toEqual({
        name,
        namespace,
        finalState: "Stopped",
      });
      await waitForStopped(name);
      expect((await cluster.readHome(name))?.metadata?.uid).toBe(home?.metadata?.uid);
      expect((await workspaceRow(m1))?.state).toBe("Stopped");
      const approved = await waitForWorkspace(terms, m1, "Stopped");
      expect(approved.state).toBe("approved");
      await waitForPayout(terms, m1, "paid");

      // The contract is still open for m2; cancelling ends it (m2 was never funded: nothing to stop).
      await stack.contracts.cancel(terms.contractId, clientOf(terms), "done early");
      expect((await stack.contracts.result(terms.contractId)).phase).toBe("cancelled");
    },
    testTimeoutMs,
  );

  it(
    "a tenant's first workspace creates the tenant's namespace, labelled restricted, and runs in it",
    async () => {
      // As the control plane names it (skp-<clientId>); nothing has created it.
      const tenant = `skp-${randomUUID()}`;
      await expect(cluster.core.readNamespace({ name: tenant })).rejects.toMatchObject({ code: 404 });
      // An operator for that namespace, started before the namespace exists, as a cluster-wide one watches.
      const logFile = join(mkdtempSync(join(tmpdir(), `${tenant}-operator-`)), "operator.log");
      const operator = await startScopedOperator(tenant, logFile);
      try {
        const terms = await activeContract(1, { namespace: tenant });
        const [m1] = terms.milestones.map((m) => m.id) as [string];
        const name = skillPodNameFor(terms.contractId, m1);
        await stack.contracts.fund(terms.contractId, clientOf(terms), m1);
        const running = await waitForWorkspace(terms, m1, "Running");

        const created = await cluster.core.readNamespace({ name: tenant });
        expect(created.metadata?.labels).toMatchObject({
          "pod-security.kubernetes.io/enforce": "restricted",
          "app.kubernetes.io/managed-by": "skillpod",
          "skillpod.dev/tenant": "true",
        });
        const skillPod = (await cluster.custom.getNamespacedCustomObject({
          ...skillPods,
          namespace: tenant,
          name,
        })) as SkillPod;
        expect(skillPod.spec).toMatchObject({
          className,
          contract: { id: terms.contractId, milestoneId: m1 },
          state: "Running",
        });
        expect(skillPod.status?.endpoint).toBe(`ws-${name}.${tenant}.svc.cluster.local:6901`);
        expect(running).toMatchObject({
          state: "in_progress",
          workspace: { name, state: "Running", endpoint: skillPod.status?.endpoint },
        });
        expect(await workspaceRow(m1)).toMatchObject({ namespace: tenant, name, state: "Running" });

        await stack.contracts.cancel(terms.contractId, clientOf(terms), "namespace checked");
        await expect(provisioningResult(terms, m1)).resolves.toEqual({
          name,
          namespace: tenant,
          finalState: "Stopped",
        });
      } finally {
        await removeTenant(tenant);
        await stopOperator(operator);
        await cluster.core.deleteNamespace({ name: tenant }).catch(() => undefined);
      }
    },
    testTimeoutMs,
  );

  it(
    "the contract's workspace terms reach SkillPod.spec unchanged, and the operator applies the egress terms",
    async () => {
      const terms = await activeContract(1, {
        // The client may not watch: an explicit empty list, not the default [clientId].
        viewers: [],
        recording: "WithConsent",
        policy: { clipboard: "ToWorkspace", fileTransfer: "Disabled", egress: { allow: ["10.0.0.0/8:443"] } },
      });
      const [m1] = terms.milestones.map((m) => m.id) as [string];
      const { name } = await fundRunning(terms, m1);

      const { spec } = await cluster.readSkillPod(name);
      expect(spec.className).toBe(className);
      expect(spec.supervision).toEqual({ viewers: [], recording: "WithConsent" });
      expect(spec.policy).toEqual({
        clipboard: "ToWorkspace",
        fileTransfer: "Disabled",
        egress: { allow: ["10.0.0.0/8:443"] },
      });
      const networkPolicy = await cluster.kubeConfig
        .makeApiClient(NetworkingV1Api)
        .readNamespacedNetworkPolicy({ name: `ws-${name}`, namespace });
      expect(networkPolicy.spec?.egress?.slice(1)).toEqual([
        { to: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ protocol: "TCP", port: 443 }] },
      ]);

      await stack.contracts.cancel(terms.contractId, clientOf(terms), "terms checked");
      await expect(provisioningResult(terms, m1)).resolves.toMatchObject({ finalState: "Stopped" });
      await waitForStopped(name);
    },
    testTimeoutMs,
  );

  it(
    "a dispute freezes the workspace and pauses payouts; resolving it for the freelancer releases and pays",
    async () => {
      const terms = await activeContract(2);
      const [m1, m2] = terms.milestones.map((m) => m.id) as [string, string];
      const ws1 = await fundRunning(terms, m1);
      const ws2 = await fundRunning(terms, m2);
      await stack.contracts.submit(terms.contractId, freelancerOf(terms), m1);

      const disputed = await stack.contracts.openDispute(
        terms.contractId,
        clientOf(terms),
        m2,
        "missed scope",
      );
      expect(milestoneOf(disputed, m2).state).toBe("disputed");
      const frozen = await waitForWorkspace(terms, m2, "Frozen");
      expect(frozen).toMatchObject({ state: "disputed", workspace: { name: ws2.name, state: "Frozen" } });
      await waitForStopped(ws2.name);
      // Frozen, not deleted: the SkillPod and its home volume stay for whoever wins the dispute.
      expect((await cluster.readHome(ws2.name))?.metadata?.uid).toBe(ws2.homeUid);
      expect((await workspaceRow(m2))?.state).toBe("Stopped");
      // The other milestone's workspace is untouched by the dispute.
      expect((await cluster.readSkillPod(ws1.name)).spec.state).toBe("Running");

      // Approved while the dispute is open: its escrow is released, but the external payout waits.
      const approved = await stack.contracts.approve(terms.contractId, clientOf(terms), m1);
      expect(milestoneOf(approved, m1).payout.state).toBe("paused");
      await expect(provisioningResult(terms, m1)).resolves.toMatchObject({ finalState: "Stopped" });
      await waitForStopped(ws1.name);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await stack.sandboxPayouts(terms.freelancerId)).toEqual([]);
      expect(milestoneOf(await stack.contracts.state(terms.contractId), m1).payout.state).toBe("paused");
      expect((await cluster.readSkillPod(ws2.name)).spec.state).toBe("Stopped");

      await stack.contracts.resolveDispute(terms.contractId, admin, { milestoneId: m2, favor: "freelancer" });
      // Released for good: Stopped, not thawed back to Running by the end of the dispute.
      await expect(provisioningResult(terms, m2)).resolves.toEqual({
        name: ws2.name,
        namespace,
        finalState: "Stopped",
      });
      const final = await stack.contracts.result(terms.contractId);
      expect(final.phase).toBe("completed");
      expect(final.milestones.map((m) => [m.state, m.payout.state])).toEqual([
        ["approved", "paid"],
        ["approved", "paid"],
      ]);
      const paid = await stack.sandboxPayouts(terms.freelancerId);
      expect(paid.map((p) => p.amountMinor).sort((a, b) => a - b)).toEqual([4_505, 9_000]);
      const skillPod = await cluster.readSkillPod(ws2.name);
      expect(skillPod.spec.state).toBe("Stopped");
      expect(await cluster.readPod(ws2.name)).toBeUndefined();
      expect((await cluster.readHome(ws2.name))?.metadata?.uid).toBe(ws2.homeUid);
      expect((await workspaceRow(m2))?.state).toBe("Stopped");
    },
    testTimeoutMs,
  );

  it(
    "cancelling the contract stops the workspaces of unfinished milestones and refunds them",
    async () => {
      const terms = await activeContract(3);
      const [m1, m2, m3] = terms.milestones.map((m) => m.id) as [string, string, string];
      const ws1 = await fundRunning(terms, m1);
      const ws2 = await fundRunning(terms, m2);
      await stack.contracts.submit(terms.contractId, freelancerOf(terms), m2);
      expect(await balanceOf(stack.pool, escrowOf(terms.contractId), "EUR")).toBe(15_005);

      await stack.contracts.cancel(terms.contractId, freelancerOf(terms), "cannot deliver");
      const final = await stack.contracts.result(terms.contractId);
      expect(final).toMatchObject({ phase: "cancelled", cancelledBy: terms.freelancerId });
      expect(final.milestones.map((m) => m.state)).toEqual(["refunded", "refunded", "cancelled"]);
      for (const [id, ws] of [
        [m1, ws1],
        [m2, ws2],
      ] as const) {
        await expect(provisioningResult(terms, id)).resolves.toEqual({
          name: ws.name,
          namespace,
          finalState: "Stopped",
        });
        await waitForStopped(ws.name);
        expect((await cluster.readHome(ws.name))?.metadata?.uid).toBe(ws.homeUid);
        expect((await workspaceRow(id))?.state).toBe("Stopped");
      }
      await expect(cluster.readSkillPod(skillPodNameFor(terms.contractId, m3))).rejects.toMatchObject({
        code: 404,
      });
      expect(await balanceOf(stack.pool, escrowOf(terms.contractId), "EUR")).toBe(0);
      expect(await balanceOf(stack.pool, walletOf(terms.clientId), "EUR")).toBe(100_000);
      expect(await stack.sandboxPayouts(terms.freelancerId)).toEqual([]);
    },
    testTimeoutMs,
  );
});
