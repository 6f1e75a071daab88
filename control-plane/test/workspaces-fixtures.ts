// SkillPods and contracts for the workspaces and desktop-session tests, made directly: SkillPod objects in a
// tenant namespace of the stack's kube-apiserver (no operator needed: the status the operator would write is
// patched in), and contracts and milestones rows as offer acceptance writes them, in the state a test needs.
import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import {
  labels,
  skillPodApiVersion,
  skillPodGroup,
  skillPodKind,
  skillPodPlural,
  skillPodVersion,
  type SkillPod,
  type SkillPodStatus,
} from "@skillpod/api";
import { loadKubeConfig } from "@skillpod/kube-client";
import { stackEnv } from "@skillpod/testkit";
import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ownerPool } from "./contracts-fixtures.js";

const kubeConfig = loadKubeConfig(stackEnv("KUBECONFIG"));
export const custom = kubeConfig.makeApiClient(CustomObjectsApi);
const core = kubeConfig.makeApiClient(CoreV1Api);
const extensions = kubeConfig.makeApiClient(ApiextensionsV1Api);
const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const repo = join(import.meta.dirname, "..", "..");

export const suffix = (): string => randomBytes(4).toString("hex");

/** make test installs the CRDs; a run of one file against a fresh stack installs them here. */
export async function ensureCrds(): Promise<void> {
  try {
    await extensions.readCustomResourceDefinition({ name: `${skillPodPlural}.${skillPodGroup}` });
    return;
  } catch {
    const kubectl = join(stackEnv("SKILLPOD_BIN"), "kubectl");
    const base = ["--kubeconfig", stackEnv("KUBECONFIG")];
    execFileSync(kubectl, [...base, "apply", "--server-side", "-f", join(repo, "crds")]);
    execFileSync(kubectl, [
      ...base,
      "wait",
      "--for=condition=Established",
      "crd/skillpods.skillpod.dev",
      "crd/skillpodclasses.skillpod.dev",
    ]);
  }
}

const namespaces: string[] = [];

/** A tenant namespace like the workers make (skp-<clientId>), removed by dropNamespaces. */
export async function tenantNamespace(): Promise<string> {
  const name = `skp-test-${suffix()}`;
  await core.createNamespace({ body: { metadata: { name } } });
  namespaces.push(name);
  return name;
}

export async function dropNamespaces(): Promise<void> {
  await Promise.allSettled(namespaces.splice(0).map(async (name) => core.deleteNamespace({ name })));
}

export type ContractRow = { contractId: string; milestoneId: string };

/** A contract between the two users in `state`, with one milestone (`pending`, or as given). */
export async function insertContract(
  parties: { clientId: string; freelancerId: string },
  state = "active",
  milestoneState = "pending",
): Promise<ContractRow> {
  const contractId = `c-${randomUUID()}`;
  const milestoneId = `${contractId}-m1`;
  const db = ownerPool();
  await db.query(
    `INSERT INTO contracts (id, workflow_id, client_id, freelancer_id, title, currency, billing, platform_fee_bps, state)
     VALUES ($1, $2, $3, $4, 'Workspace test', 'USD', 'FIXED', 1000, $5)`,
    [contractId, `contract-${contractId}`, parties.clientId, parties.freelancerId, state],
  );
  await db.query(
    `INSERT INTO milestones (id, contract_id, position, title, amount_minor, state)
     VALUES ($1, $2, 0, 'Milestone 1', 1000, $3)`,
    [milestoneId, contractId, milestoneState],
  );
  return { contractId, milestoneId };
}

export async function setContractState(contractId: string, state: string): Promise<void> {
  await ownerPool().query("UPDATE contracts SET state = $2 WHERE id = $1", [contractId, state]);
}

export async function setMilestoneState(milestoneId: string, state: string): Promise<void> {
  await ownerPool().query("UPDATE milestones SET state = $2 WHERE id = $1", [milestoneId, state]);
}

export type SkillPodShape = {
  namespace: string;
  ownerId: string;
  viewers?: string[];
  contract?: ContractRow;
  state?: "Running" | "Stopped";
};

export type Ref = { namespace: string; name: string };

export async function createSkillPod(shape: SkillPodShape): Promise<Ref> {
  const name = `ws-${suffix()}`;
  const { contract } = shape;
  const body: SkillPod = {
    apiVersion: skillPodApiVersion,
    kind: skillPodKind,
    metadata: {
      name,
      namespace: shape.namespace,
      ...(contract
        ? { labels: { [labels.contract]: contract.contractId, [labels.milestone]: contract.milestoneId } }
        : {}),
    },
    spec: {
      className: "standard-desktop",
      owner: { userId: shape.ownerId },
      ...(contract ? { contract: { id: contract.contractId, milestoneId: contract.milestoneId } } : {}),
      state: shape.state ?? "Running",
      supervision: { viewers: shape.viewers ?? [] },
    },
  };
  await custom.createNamespacedCustomObject({ ...coordinates, namespace: shape.namespace, body });
  return { namespace: shape.namespace, name };
}

export async function readSkillPod(ref: Ref): Promise<SkillPod> {
  return (await custom.getNamespacedCustomObject({ ...coordinates, ...ref })) as SkillPod;
}

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, "Z");

export const runningStatus = (): SkillPodStatus => ({
  phase: "Running",
  conditions: [
    {
      type: "Ready",
      status: "True",
      lastTransitionTime: now(),
      reason: "PodReady",
      message: "Desktop is up",
    },
  ],
});

/**
 * Writes the status the operator would. An operator running against the same stack writes its own status once
 * after a SkillPod appears (it ignores status-only changes after that): the status is written again until it
 * stays.
 */
export async function setStatus(ref: Ref, status: SkillPodStatus): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await custom.patchNamespacedCustomObjectStatus({ ...coordinates, ...ref, body: { status } }, mergePatch);
    await sleep(150);
    if ((await readSkillPod(ref)).status?.phase === status.phase) return;
  }
  throw new Error(`the status of ${ref.namespace}/${ref.name} would not stay ${status.phase}`);
}

export async function setViewers(ref: Ref, viewers: string[]): Promise<void> {
  await custom.patchNamespacedCustomObject(
    { ...coordinates, ...ref, body: { spec: { supervision: { viewers } } } },
    mergePatch,
  );
}

export type AuditRow = {
  action: string;
  actor_id: string | null;
  target_id: string | null;
  outcome: string;
  details: Record<string, unknown>;
};

export async function auditOf(actorId: string): Promise<AuditRow[]> {
  const found = await ownerPool().query<AuditRow>(
    "SELECT action, actor_id, target_id, outcome, details FROM audit_events WHERE actor_id = $1 ORDER BY id",
    [actorId],
  );
  return found.rows;
}
