// The whole desktop path for the browser and idle tests, with nothing made by hand: the operator (a child
// process watching one tenant namespace) turns a SkillPod into a Pod on a kwok node, the local stack's desktop
// runner starts that Pod's Xvnc on its Pod address, the API issues tickets and the gateway proxies.
import { CoreV1Api, CustomObjectsApi, DiscoveryV1Api } from "@kubernetes/client-node";
import {
  labels,
  skillPodApiVersion,
  skillPodClassPlural,
  skillPodGroup,
  skillPodKind,
  skillPodPlural,
  skillPodVersion,
  type SkillPod,
} from "@skillpod/api";
import { loadKubeConfig } from "@skillpod/kube-client";
import { freePort, NodeProcess, stackEnv, startOperatorProcess, waitFor } from "@skillpod/testkit";
import type { FastifyInstance } from "fastify";
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTestApp } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { startGateway, type RunningGateway } from "./gateway-harness.js";
import {
  dropNamespaces,
  ensureCrds,
  insertContract,
  suffix,
  tenantNamespace,
  type ContractRow,
  type Ref,
} from "./workspaces-fixtures.js";

const kubeConfig = loadKubeConfig(stackEnv("KUBECONFIG"));
const core = kubeConfig.makeApiClient(CoreV1Api);
const custom = kubeConfig.makeApiClient(CustomObjectsApi);
const discovery = kubeConfig.makeApiClient(DiscoveryV1Api);
const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const streamPort = 5901;
const stackRunnerPort = 10391;

export type DesktopStack = {
  app: FastifyInstance;
  gateway: RunningGateway;
  namespace: string;
  owner: SignedIn;
  watcher: SignedIn;
  stop(): Promise<void>;
};

export type DesktopSkillPod = Ref & { contract: ContractRow };

/** The stack's runner when it is up (it serves every namespace); otherwise one of our own for this namespace. */
async function ensureRunner(namespace: string): Promise<NodeProcess | undefined> {
  const up = await fetch(`http://127.0.0.1:${stackRunnerPort}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (up) return undefined;
  const port = await freePort();
  return NodeProcess.start({
    entry: "packages/desktop-runner/src/main.ts",
    env: {
      KUBECONFIG: stackEnv("KUBECONFIG"),
      DESKTOP_RUNNER_STATE_DIR: mkdtempSync(join(tmpdir(), "desktop-runner-")),
      DESKTOP_RUNNER_PORT: String(port),
      DESKTOP_RUNNER_NAMESPACE: namespace,
      DESKTOP_RUNNER_FIRST_DISPLAY: "800",
    },
    readyUrl: `http://127.0.0.1:${port}/healthz`,
  });
}

async function createClass(name: string): Promise<void> {
  await custom.createClusterCustomObject({
    group: skillPodGroup,
    version: skillPodVersion,
    plural: skillPodClassPlural,
    body: {
      apiVersion: skillPodApiVersion,
      kind: "SkillPodClass",
      metadata: { name, labels: { "skillpod.dev/test": "true" } },
      spec: {
        image: "ghcr.io/skillpod/desktop:1.0",
        streamPort,
        resources: { default: { cpu: "1", memory: "2Gi" }, max: { cpu: "4", memory: "8Gi" } },
      },
    },
  });
}

async function deleteClass(name: string): Promise<void> {
  await custom
    .deleteClusterCustomObject({
      group: skillPodGroup,
      version: skillPodVersion,
      plural: skillPodClassPlural,
      name,
    })
    .catch(() => undefined);
}

const className = `browser-desktop-${suffix()}`;

/** Deletes every SkillPod while the operator still runs, so their finalizers go and their desktops stop. */
async function deleteSkillPods(namespace: string): Promise<void> {
  await custom.deleteCollectionNamespacedCustomObject({ ...coordinates, namespace }).catch(() => undefined);
  await waitFor(
    `the SkillPods of ${namespace} to be gone`,
    async () => {
      const list = (await custom.listNamespacedCustomObject({ ...coordinates, namespace })) as {
        items: unknown[];
      };
      return list.items.length === 0;
    },
    { timeoutMs: 30_000 },
  ).catch(() => undefined);
}

export async function startDesktopStack(gatewayEnv: Record<string, string> = {}): Promise<DesktopStack> {
  await ensureCrds();
  const namespace = await tenantNamespace();
  await createClass(className);
  const processes = [await startOperatorProcess(namespace), await ensureRunner(namespace)];
  const gateway = await startGateway(gatewayEnv);
  const limits = rateLimitNamespace("desktop-browser");
  const app = await buildTestApp({ RATE_LIMIT_NAMESPACE: limits, GATEWAY_PUBLIC_URL: gateway.url });
  const [owner, watcher] = await Promise.all([signUp(app, "freelancer"), signUp(app, "client")]);
  const stop = async (): Promise<void> => {
    await deleteSkillPods(namespace);
    await gateway.gateway.drain(0);
    await gateway.gateway.close();
    for (const p of processes) await p?.stop();
    await dropNamespaces();
    await deleteClass(className);
    await dropKeysUnder(app.redis, limits);
    await app.close();
  };
  return { app, gateway, namespace, owner, watcher, stop };
}

export type SkillPodOptions = { idle?: { timeoutSeconds: number; warnSeconds: number } };

/** A SkillPod of the stack's owner on an active contract with the stack's watcher as its viewer. */
export async function createDesktopSkillPod(
  stack: DesktopStack,
  options: SkillPodOptions = {},
): Promise<DesktopSkillPod> {
  const contract = await insertContract({ clientId: stack.watcher.userId, freelancerId: stack.owner.userId });
  const name = `desk-${suffix()}`;
  const body: SkillPod = {
    apiVersion: skillPodApiVersion,
    kind: skillPodKind,
    metadata: {
      name,
      namespace: stack.namespace,
      labels: { [labels.contract]: contract.contractId, [labels.milestone]: contract.milestoneId },
    },
    spec: {
      className,
      owner: { userId: stack.owner.userId },
      contract: { id: contract.contractId, milestoneId: contract.milestoneId },
      state: "Running",
      supervision: { viewers: [stack.watcher.userId] },
      ...(options.idle ? { idle: options.idle } : {}),
    },
  };
  await custom.createNamespacedCustomObject({ ...coordinates, namespace: stack.namespace, body });
  return { namespace: stack.namespace, name, contract };
}

export async function readSkillPod(ref: Ref): Promise<SkillPod> {
  return (await custom.getNamespacedCustomObject({ ...coordinates, ...ref })) as SkillPod;
}

export function conditionOf(skillPod: SkillPod, type: string): string | undefined {
  return skillPod.status?.conditions?.find((c) => c.type === type)?.status;
}

/** The first bytes a desktop sends; rejects when nothing listens. */
function greeting(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(3000, () => socket.destroy(new Error("no greeting")));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString("latin1"));
    });
    socket.once("error", reject);
  });
}

async function streamAddress(ref: Ref, service: string): Promise<string | undefined> {
  const slices = await discovery.listNamespacedEndpointSlice({
    namespace: ref.namespace,
    labelSelector: `kubernetes.io/service-name=${service}`,
  });
  const ready = slices.items.flatMap((s) => s.endpoints).find((e) => e.conditions?.ready !== false);
  return ready?.addresses[0];
}

/** The directory the runner gave the desktop as HOME: the home claim's volume path, as a kubelet mounts it. */
async function homeOf(ref: Ref, podName: string): Promise<string> {
  const pod = await core.readNamespacedPod({ namespace: ref.namespace, name: podName });
  const claimName = pod.spec?.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
  const claim = await core.readNamespacedPersistentVolumeClaim({
    namespace: ref.namespace,
    name: claimName ?? "",
  });
  const volume = await core.readPersistentVolume({ name: claim.spec?.volumeName ?? "" });
  const path = volume.spec?.hostPath?.path ?? volume.spec?.local?.path;
  if (!path) throw new Error(`the home volume of ${ref.name} has no local path`);
  return path;
}

export type RunningDesktop = { address: string; home: string; startedAt: number };

/** Waits until the operator reports Running and the runner's Xvnc greets on the Pod's address. */
export async function waitForDesktop(ref: Ref, timeoutMs = 90_000): Promise<RunningDesktop> {
  const skillPod = await waitFor(
    `SkillPod ${ref.name} to be Running with its stream Service`,
    async () => {
      const s = await readSkillPod(ref);
      return s.status?.phase === "Running" && s.status.serviceName && s.status.podName ? s : false;
    },
    { timeoutMs },
  );
  const service = skillPod.status?.serviceName ?? "";
  const address = await waitFor(`a ready address of Service ${service}`, () => streamAddress(ref, service), {
    timeoutMs,
  });
  await waitFor(
    `the desktop's RFB greeting on ${address}:${streamPort}`,
    async () => (await greeting(address, streamPort).catch(() => "")).startsWith("RFB 003.008"),
    { timeoutMs },
  );
  const startedAt = Date.parse(skillPod.status?.startedAt ?? "") || Date.now();
  return { address, home: await homeOf(ref, skillPod.status?.podName ?? ""), startedAt };
}
