// Proves the local Kubernetes control plane is real: scheduling onto kwok nodes, garbage collection by the
// controller-manager, PodSecurity admission, and PVC binding through the default StorageClass.
import { CoreV1Api, KubeConfig, type V1Pod } from "@kubernetes/client-node";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const kc = new KubeConfig();
const namespace = `smoke-${randomBytes(3).toString("hex")}`;
let core: CoreV1Api;

const restrictedContainer = {
  name: "app",
  image: "registry.k8s.io/pause:3.10",
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 1000,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  },
};

function pod(name: string, extra: Partial<V1Pod["spec"]> = {}): V1Pod {
  return { metadata: { name }, spec: { containers: [restrictedContainer], ...extra } };
}

async function runningPod(name: string): Promise<V1Pod> {
  return waitFor(`pod ${name} to be Running`, async () => {
    const p = await core.readNamespacedPod({ name, namespace });
    return p.status?.phase === "Running" && p;
  });
}

beforeAll(async () => {
  kc.loadFromFile(stackEnv("KUBECONFIG"));
  core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({
    body: { metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
  });
  // The controller-manager creates the default ServiceAccount that admission requires.
  await waitFor("default service account", () =>
    core.readNamespacedServiceAccount({ name: "default", namespace }),
  );
});

afterAll(async () => {
  await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
});

describe("local Kubernetes control plane", () => {
  it("schedules a pod onto a kwok node where it reaches Running with an IP", async () => {
    await core.createNamespacedPod({ namespace, body: pod("web") });
    const running = await runningPod("web");
    expect(running.spec?.nodeName).toMatch(/^skillpod-node-\d+$/);
    expect(running.status?.podIP).toMatch(/^10\.244\./);
    const node = await core.readNode({ name: running.spec?.nodeName ?? "" });
    expect(node.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
  });

  it("garbage-collects a dependent when its owner is deleted", async () => {
    const owner = await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: "owner" } } });
    await core.createNamespacedConfigMap({
      namespace,
      body: {
        metadata: {
          name: "dependent",
          ownerReferences: [
            { apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: owner.metadata?.uid ?? "" },
          ],
        },
      },
    });
    await core.deleteNamespacedConfigMap({ name: "owner", namespace });
    await waitFor("the dependent to be garbage-collected", async () => {
      const list = await core.listNamespacedConfigMap({ namespace });
      return !list.items.some((c) => c.metadata?.name === "dependent");
    });
  });

  it("rejects a pod that violates the restricted Pod Security profile", async () => {
    const privileged: V1Pod = {
      metadata: { name: "privileged" },
      spec: { containers: [{ name: "app", image: "busybox", securityContext: { privileged: true } }] },
    };
    const error = await core.createNamespacedPod({ namespace, body: privileged }).then(
      () => undefined,
      (e: unknown) => e as { code?: number; body?: string },
    );
    expect(error?.code).toBe(403);
    const status = JSON.parse(String(error?.body)) as { message: string };
    expect(status.message).toMatch(/violates PodSecurity "restricted:latest": privileged/);
  });

  it("has the operator's namespace, so the operator run as README says can take its Lease", async () => {
    const system = await core.readNamespace({ name: "skillpod-system" });
    expect(system.metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("binds a PVC through the default StorageClass and runs a pod that mounts it", async () => {
    await core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: {
        metadata: { name: "home" },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
      },
    });
    const bound = await waitFor("the PVC to bind", async () => {
      const claim = await core.readNamespacedPersistentVolumeClaim({ name: "home", namespace });
      return claim.status?.phase === "Bound" && claim;
    });
    expect(bound.spec?.storageClassName).toBe("standard");
    await core.createNamespacedPod({
      namespace,
      body: pod("with-home", {
        volumes: [{ name: "home", persistentVolumeClaim: { claimName: "home" } }],
        containers: [
          { ...restrictedContainer, volumeMounts: [{ name: "home", mountPath: "/home/skillpod" }] },
        ],
      }),
    });
    await runningPod("with-home");

    // Reclaim policy Delete: once the claim goes, the provisioner removes its volume.
    const volumeName = bound.spec?.volumeName ?? "";
    await core.deleteNamespacedPod({ name: "with-home", namespace, gracePeriodSeconds: 0 });
    await core.deleteNamespacedPersistentVolumeClaim({ name: "home", namespace });
    await waitFor(`PersistentVolume ${volumeName} to be deleted`, async () => {
      const volumes = await core.listPersistentVolume();
      return !volumes.items.some((v) => v.metadata?.name === volumeName);
    });
  });
});
