// What the gateway needs to find the bench's desktop, made as the operator and the API would make it: a
// tenant namespace with a Running SkillPod (an owner, one supervisor in its viewers, bound to an active
// contract), its stream Service with an EndpointSlice at the desktop's address and the stream Secret it
// controls; and session tickets as the API issues them (issueDesktopTicket into Redis).
import {
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import {
  labels,
  managedBy,
  skillPodApiVersion,
  skillPodComponents,
  skillPodGroup,
  skillPodKind,
  skillPodPlural,
  skillPodVersion,
  streamSecretKeys,
  type SkillPod,
} from "@skillpod/api";
import { issueDesktopTicket, type DesktopMode } from "@skillpod/control-plane";
import { loadKubeConfig } from "@skillpod/kube-client";
import { stackEnv } from "@skillpod/testkit";
import { Redis } from "ioredis";
import { randomBytes, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { BenchDesktop } from "./gateway-desktop.js";

const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

export type BenchSkillPod = {
  namespace: string;
  name: string;
  ownerId: string;
  supervisorId: string;
  /** A single-use ticket for one desktop session, as POST …/desktop-sessions returns it. */
  ticket: (userId: string, mode: DesktopMode) => Promise<string>;
  remove: () => Promise<void>;
};

const kube = (): { core: CoreV1Api; discovery: DiscoveryV1Api; custom: CustomObjectsApi } => {
  const config = loadKubeConfig(stackEnv("KUBECONFIG"));
  return {
    core: config.makeApiClient(CoreV1Api),
    discovery: config.makeApiClient(DiscoveryV1Api),
    custom: config.makeApiClient(CustomObjectsApi),
  };
};

/** An active contract between the supervisor (client) and the owner (freelancer), as offer acceptance writes it. */
async function insertContract(db: pg.Pool, clientId: string, freelancerId: string): Promise<string> {
  const contractId = `c-bench-gateway-${randomUUID()}`;
  await db.query(
    `INSERT INTO contracts (id, workflow_id, client_id, freelancer_id, title, currency, billing, platform_fee_bps, state)
     VALUES ($1, $2, $3, $4, 'Gateway bench', 'USD', 'FIXED', 1000, 'active')`,
    [contractId, `contract-${contractId}`, clientId, freelancerId],
  );
  await db.query(
    `INSERT INTO milestones (id, contract_id, position, title, amount_minor, state)
     VALUES ($1, $2, 0, 'Milestone 1', 1000, 'pending')`,
    [`${contractId}-m1`, contractId],
  );
  return contractId;
}

function skillPodBody(
  namespace: string,
  name: string,
  ids: { owner: string; supervisor: string; contract: string },
): SkillPod {
  return {
    apiVersion: skillPodApiVersion,
    kind: skillPodKind,
    metadata: { name, namespace },
    spec: {
      className: "standard-desktop",
      owner: { userId: ids.owner },
      contract: { id: ids.contract, milestoneId: `${ids.contract}-m1` },
      state: "Running",
      supervision: { viewers: [ids.supervisor] },
    },
  };
}

async function exposeDesktop(namespace: string, skillPod: SkillPod, desktop: BenchDesktop): Promise<string> {
  const { core, discovery } = kube();
  const name = skillPod.metadata?.name ?? "";
  const service = `ws-${name}`;
  const childLabels = { [labels.skillPod]: name, [labels.managedBy]: managedBy };
  await core.createNamespacedService({
    namespace,
    body: {
      metadata: { name: service, labels: { ...childLabels, [labels.component]: skillPodComponents.stream } },
      spec: { ports: [{ name: "stream", port: 6901, protocol: "TCP" }] },
    },
  });
  await discovery.createNamespacedEndpointSlice({
    namespace,
    body: {
      metadata: {
        name: `${service}-desktop`,
        labels: {
          "kubernetes.io/service-name": service,
          "endpointslice.kubernetes.io/managed-by": "gateway-bench",
        },
      },
      addressType: "IPv4",
      endpoints: [{ addresses: [desktop.host], conditions: { ready: true } }],
      ports: [{ name: "stream", port: desktop.port, protocol: "TCP" }],
    },
  });
  const owner = {
    apiVersion: skillPodApiVersion,
    kind: skillPodKind,
    name,
    uid: skillPod.metadata?.uid ?? "",
    controller: true,
  };
  await core.createNamespacedSecret({
    namespace,
    body: {
      metadata: {
        name: `${service}-stream`,
        labels: { ...childLabels, [labels.component]: skillPodComponents.streamCredential },
        ownerReferences: [owner],
      },
      stringData: {
        [streamSecretKeys.interactive]: desktop.interactivePassword,
        [streamSecretKeys.view]: desktop.viewPassword,
      },
    },
  });
  return service;
}

/** The status the operator writes once the desktop is up; written again if an operator on the stack overwrote it. */
async function markRunning(namespace: string, name: string, serviceName: string): Promise<void> {
  const { custom } = kube();
  const lastTransitionTime = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const status = {
    phase: "Running",
    serviceName,
    conditions: [
      { type: "Ready", status: "True", lastTransitionTime, reason: "PodReady", message: "Desktop is up" },
    ],
  };
  for (let attempt = 0; attempt < 10; attempt++) {
    await custom.patchNamespacedCustomObjectStatus(
      { ...coordinates, namespace, name, body: { status } },
      mergePatch,
    );
    await sleep(150);
    const read = (await custom.getNamespacedCustomObject({ ...coordinates, namespace, name })) as SkillPod;
    if (read.status?.phase === "Running") return;
  }
  throw new Error(`the status of ${namespace}/${name} would not stay Running`);
}

export async function createBenchSkillPod(desktop: BenchDesktop): Promise<BenchSkillPod> {
  const { core, custom } = kube();
  const db = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 2 });
  const redis = new Redis(stackEnv("REDIS_URL"));
  const namespace = `skp-bench-gateway-${randomBytes(3).toString("hex")}`;
  const name = `ws-${randomBytes(3).toString("hex")}`;
  const ids = { owner: randomUUID(), supervisor: randomUUID(), contract: "" };
  ids.contract = await insertContract(db, ids.supervisor, ids.owner);
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  const created = (await custom.createNamespacedCustomObject({
    ...coordinates,
    namespace,
    body: skillPodBody(namespace, name, ids),
  })) as SkillPod;
  await markRunning(namespace, name, await exposeDesktop(namespace, created, desktop));
  return {
    namespace,
    name,
    ownerId: ids.owner,
    supervisorId: ids.supervisor,
    ticket: async (userId, mode) =>
      (await issueDesktopTicket(redis, { userId, namespace, name, mode }, 600)).ticket,
    remove: async () => {
      await core.deleteNamespace({ name: namespace }).catch(() => undefined);
      await db.query("DELETE FROM milestones WHERE contract_id = $1", [ids.contract]);
      await db.query("DELETE FROM contracts WHERE id = $1", [ids.contract]);
      await db.end();
      redis.disconnect();
    },
  };
}
