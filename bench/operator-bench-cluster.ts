import { Watch, type KubernetesObject, type V1Node } from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass } from "@skillpod/api";
import { skillPodClassPlural } from "@skillpod/api";
import {
  className,
  config,
  core,
  custom,
  kc,
  made,
  mergePatch,
  nodeLabel,
  say,
  skillPods,
  stamp,
  taintKey,
  until,
} from "./operator-bench-settings.js";

// Watches that survive client-node's silent ends: restarted from the last resourceVersion seen.

export type Watching = { stop: () => void; restarts: () => number };

export async function watchAll(
  path: string,
  onEvent: (type: string, object: KubernetesObject) => void,
): Promise<Watching> {
  let resourceVersion: string | undefined;
  let stopped = false;
  let restarts = 0;
  let controller: AbortController | undefined;
  const onRaw = (type: string, object: KubernetesObject): void => {
    // An ERROR (410 Gone) means the resourceVersion is too old: start over with a fresh list.
    resourceVersion = type === "ERROR" ? undefined : (object.metadata?.resourceVersion ?? resourceVersion);
    if (type === "ADDED" || type === "MODIFIED" || type === "DELETED") onEvent(type, object);
  };
  const start = async (): Promise<void> => {
    const params = { allowWatchBookmarks: true, ...(resourceVersion ? { resourceVersion } : {}) };
    controller = await new Watch(kc).watch(path, params, onRaw, () => {
      if (stopped) return;
      restarts += 1;
      setTimeout(() => void start().catch(() => setTimeout(() => void start(), 1000)), 100);
    });
  };
  await start();
  return {
    stop: () => {
      stopped = true;
      controller?.abort();
    },
    restarts: () => restarts,
  };
}

// Cluster objects: tainted kwok nodes of our own, namespaces, the class. Recorded so cleanup finds them.

export function benchNode(name: string): V1Node {
  return {
    metadata: {
      name,
      annotations: { "node.alpha.kubernetes.io/ttl": "0", "kwok.x-k8s.io/node": "fake" },
      labels: {
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/os": "linux",
        "kubernetes.io/hostname": name,
        "node-role.kubernetes.io/worker": "",
        type: "kwok",
        [nodeLabel]: stamp,
      },
    },
    // Tainted: other engineers' Pods on the shared stack must not land here (and vanish with the node).
    spec: { taints: [{ key: taintKey, value: stamp, effect: "NoSchedule" }] },
  };
}

export async function createNodes(): Promise<void> {
  const pods = String(config.count + 100);
  const resources = { cpu: "64", memory: "256Gi", pods, "ephemeral-storage": "500Gi" };
  for (let i = 1; i <= config.nodes; i++) {
    const name = `bench-op-${stamp}-${i}`;
    await core.createNode({ body: benchNode(name) });
    made.nodes.add(name);
    const status = { capacity: resources, allocatable: resources, nodeInfo: { architecture: "amd64" } };
    await core.patchNodeStatus({ name, body: { status } }, mergePatch);
  }
  const ready = await until(
    async () => {
      const nodes = await core.listNode({ labelSelector: `${nodeLabel}=${stamp}` });
      return nodes.items.filter((n) => n.status?.conditions?.some(isReady)).length === config.nodes;
    },
    60_000,
    500,
  );
  if (!ready) throw new Error("kwok did not make the bench nodes Ready within 60 s");
  say(`${config.nodes} kwok nodes Ready, ${pods} Pods each, tainted ${taintKey}=${stamp}`);
}

export const isReady = (c: { type: string; status: string }): boolean =>
  c.type === "Ready" && c.status === "True";

export const placement = {
  nodeSelector: { [nodeLabel]: stamp },
  tolerations: [{ key: taintKey, operator: "Equal" as const, value: stamp, effect: "NoSchedule" as const }],
};

export const benchClass: SkillPodClass = {
  apiVersion: "skillpod.dev/v1alpha1",
  kind: "SkillPodClass",
  metadata: { name: className, labels: { "skillpod.dev/bench": "true" } },
  spec: {
    image: "ghcr.io/skillpod/desktop:1.0",
    resources: { default: { cpu: "10m", memory: "16Mi" }, max: { cpu: "1", memory: "1Gi" } },
    home: { defaultSize: "1Gi" },
    ...placement,
  },
};

export async function createClass(): Promise<void> {
  await custom.createClusterCustomObject({ ...skillPods, plural: skillPodClassPlural, body: benchClass });
  made.classCreated = true;
}

export async function createNamespace(name: string, restricted: boolean): Promise<void> {
  const labels: Record<string, string> = { "skillpod.dev/bench": "true" };
  if (restricted) labels["pod-security.kubernetes.io/enforce"] = "restricted";
  await core.createNamespace({ body: { metadata: { name, labels } } });
  made.namespaces.add(name);
  // Pods are refused until the namespace's default ServiceAccount exists.
  await until(
    () =>
      core.readNamespacedServiceAccount({ name: "default", namespace: name }).then(
        () => true,
        () => false,
      ),
    30_000,
  );
}

export async function deleteNamespace(name: string, timeoutMs = 300_000): Promise<boolean> {
  await core.deleteNamespace({ name }).catch(() => undefined);
  const gone = await until(
    () =>
      core.readNamespace({ name }).then(
        () => false,
        () => true,
      ),
    timeoutMs,
    1000,
  );
  if (gone) made.namespaces.delete(name);
  // The provisioner deletes the namespace's volumes after it is gone: the next run would share it with them.
  const released = await until(
    async () => (await core.listPersistentVolume()).items.every((v) => v.spec?.claimRef?.namespace !== name),
    timeoutMs,
    1000,
  );
  if (!released) say(`volumes of ${name} still being deleted; going on`);
  return gone;
}

export async function listSkillPods(namespace: string): Promise<SkillPod[]> {
  const list = (await custom.listNamespacedCustomObject({ ...skillPods, namespace })) as {
    items: SkillPod[];
  };
  return list.items;
}

/** Last resort when no operator can finalize: drop the finalizers so the namespace can go. */
export async function stripFinalizers(namespace: string): Promise<void> {
  const left = await listSkillPods(namespace).catch(() => []);
  const body = { metadata: { finalizers: null } };
  for (const s of left) {
    const name = s.metadata?.name ?? "";
    await custom
      .patchNamespacedCustomObject({ ...skillPods, namespace, name, body }, mergePatch)
      .catch(() => 0);
  }
}
