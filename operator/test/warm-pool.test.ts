// The warm pool against the real control plane: a class keeps ready, unowned desktop Pods; a SkillPod with
// an Ephemeral home adopts one (Pod, stream Secret, Service) and the pool refills; a Persistent home never
// adopts; concurrent SkillPods never share a Pod; stopped or deleted SkillPods' Pods are not given back.
import {
  DiscoveryV1Api,
  NetworkingV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
} from "@kubernetes/client-node";
import { skillPodClassPlural, skillPodGroup, skillPodVersion, type SkillPod } from "@skillpod/api";
import { waitFor } from "@skillpod/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningOperator } from "../src/index.js";
import {
  applyCrds,
  condition,
  core,
  createClass,
  createSkillPod,
  custom,
  deleteSkillPod,
  getSkillPod,
  kubeConfig,
  metricTotal,
  patchSkillPod,
  startTestOperator,
  suffix,
  tenantNamespace,
  waitForSkillPod,
} from "./harness.js";

let operator: RunningOperator;
let namespace: string;
const className = `pool-${suffix()}`;
const poolSelector = `skillpod.dev/warm-pool=${className}`;
const ephemeral = { volume: "Ephemeral" as const };
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

const isReady = (pod: V1Pod): boolean =>
  pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

async function poolPods(): Promise<V1Pod[]> {
  const pods = await core.listNamespacedPod({ namespace, labelSelector: poolSelector });
  return pods.items.filter((p) => !p.metadata?.deletionTimestamp);
}

/** Waits for exactly `size` ready pool Pods (and no others starting or going). */
function fullPool(size: number): Promise<V1Pod[]> {
  return waitFor(`${size} ready pool Pods`, async () => {
    const all = await core.listNamespacedPod({ namespace, labelSelector: poolSelector });
    return all.items.length === size && all.items.every(isReady) ? all.items : false;
  });
}

const readPod = (name: string): Promise<V1Pod | undefined> =>
  core.readNamespacedPod({ name, namespace }).catch(() => undefined);

/** What the session gateway reads: the stream-credential Secrets labelled for the SkillPod and owned by it. */
async function credentialsOf(skillPod: SkillPod): Promise<string[]> {
  const labelSelector = `skillpod.dev/skillpod=${skillPod.metadata?.name},skillpod.dev/component=stream-credential`;
  const secrets = await core.listNamespacedSecret({ namespace, labelSelector });
  return secrets.items
    .filter((s) => s.metadata?.ownerReferences?.some((o) => o.uid === skillPod.metadata?.uid && o.controller))
    .map((s) => s.metadata?.name ?? "");
}

const running = (name: string): Promise<SkillPod> =>
  waitForSkillPod(namespace, name, "to be Running", (s) => s.status?.phase === "Running");

async function patchClass(body: object): Promise<void> {
  const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodClassPlural };
  await custom.patchClusterCustomObject({ ...coordinates, name: className, body }, mergePatch);
}

beforeAll(async () => {
  applyCrds();
  namespace = await tenantNamespace("warm-pool");
  await createClass(className, { warmPool: { size: 2 }, home: { defaultSize: "1Gi" } });
  operator = await startTestOperator(namespace);
});

afterAll(async () => {
  await operator?.stop();
  await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodClassPlural };
  await custom.deleteClusterCustomObject({ ...coordinates, name: className }).catch(() => undefined);
});

describe("warm pool", () => {
  it("keeps the class's size of ready, unowned desktop Pods, each with its own Secret and no home claim", async () => {
    const pods = await fullPool(2);
    const passwords = new Set<string>();
    for (const pod of pods) {
      expect(pod.metadata?.ownerReferences ?? []).toHaveLength(0);
      expect(pod.metadata?.labels?.["skillpod.dev/skillpod"]).toBeUndefined();
      expect(pod.spec?.volumes?.find((v) => v.name === "home")?.emptyDir).toBeDefined();
      const secret = await core.readNamespacedSecret({ name: `${pod.metadata?.name}-stream`, namespace });
      expect(secret.metadata?.labels?.["skillpod.dev/warm-pool"]).toBe(className);
      passwords.add(secret.data?.password ?? "");
    }
    expect(passwords.size).toBe(2);
    const claims = await core.listNamespacedPersistentVolumeClaim({ namespace });
    expect(claims.items).toHaveLength(0);
    const policy = await kubeConfig
      .makeApiClient(NetworkingV1Api)
      .readNamespacedNetworkPolicy({ name: `wp-${className}`, namespace });
    expect(policy.spec?.podSelector?.matchLabels).toEqual({ "skillpod.dev/warm-pool": className });
    expect(policy.spec?.ingress ?? []).toHaveLength(0);
    await waitFor("the pool gauge to count 2 Pods", async () => {
      return (await metricTotal(operator, "skillpod_operator_warm_pool_pods")) === 2;
    });
  });

  it("gives a SkillPod with an Ephemeral home a pool Pod, its Secret and its Service, then refills", async () => {
    const pool = new Set((await fullPool(2)).map((p) => p.metadata?.name));
    const started = Date.now();
    await createSkillPod(namespace, "eph", { className, home: ephemeral });
    const skillPod = await running("eph");
    const tookMs = Date.now() - started;
    const podName = skillPod.status?.podName ?? "";
    expect(pool.has(podName)).toBe(true);
    expect(condition(skillPod, "StorageReady")).toBe("True");
    expect(skillPod.status?.conditions?.find((c) => c.type === "StorageReady")?.reason).toBe("HomeEphemeral");

    const pod = await readPod(podName);
    expect(pod?.metadata?.ownerReferences).toEqual([
      expect.objectContaining({
        kind: "SkillPod",
        name: "eph",
        uid: skillPod.metadata?.uid,
        controller: true,
      }),
    ]);
    expect(pod?.metadata?.labels).toMatchObject({
      "skillpod.dev/skillpod": "eph",
      "skillpod.dev/component": "workspace",
      "skillpod.dev/owner": "u-freelancer",
    });
    expect(pod?.metadata?.labels?.["skillpod.dev/warm-pool"]).toBeUndefined();
    expect(await credentialsOf(skillPod)).toEqual([`${podName}-stream`]);
    expect(await readPod("ws-eph")).toBeUndefined();
    expect(
      (await core.listNamespacedPersistentVolumeClaim({ namespace })).items.map((c) => c.metadata?.name),
    ).not.toContain("home-eph");

    // The Service selects the adopted Pod: its EndpointSlice carries the Pod's address.
    const discovery = kubeConfig.makeApiClient(DiscoveryV1Api);
    await waitFor("the stream Service's endpoint to be the adopted Pod", async () => {
      const slices = await discovery.listNamespacedEndpointSlice({
        namespace,
        labelSelector: "kubernetes.io/service-name=ws-eph",
      });
      const targets = slices.items.flatMap((s) => s.endpoints.map((e) => e.targetRef?.name));
      return targets.includes(podName);
    });

    const refilled = await fullPool(2);
    expect(refilled.map((p) => p.metadata?.name)).not.toContain(podName);
    expect(await metricTotal(operator, "skillpod_operator_warm_pool_adoptions_total")).toBeGreaterThan(0);
    console.log(`[warm-pool] eph Running ${tookMs} ms after create, on adopted Pod ${podName}`);
  });

  it("never gives a Persistent home a pool Pod", async () => {
    const pool = (await fullPool(2)).map((p) => p.metadata?.name).sort();
    await createSkillPod(namespace, "pers", { className });
    // Its own Pod on its own claim; Running waits on the stack's shared provisioner, which is not the point.
    const pod = await waitFor("Pod ws-pers", () => readPod("ws-pers"), { timeoutMs: 180_000 });
    expect(pod.spec?.volumes?.find((v) => v.name === "home")?.persistentVolumeClaim?.claimName).toBe(
      "home-pers",
    );
    const skillPod = await getSkillPod(namespace, "pers");
    expect(skillPod?.status?.podName ?? "ws-pers").toBe("ws-pers");
    expect((await poolPods()).map((p) => p.metadata?.name).sort()).toEqual(pool);
  });

  it("never lets SkillPods created at once share a Pod", async () => {
    await fullPool(2);
    const names = ["twin-a", "twin-b", "twin-c"];
    await Promise.all(names.map((name) => createSkillPod(namespace, name, { className, home: ephemeral })));
    const skillPods = await Promise.all(names.map(running));
    const pods = skillPods.map((s) => s.status?.podName ?? "");
    expect(new Set(pods).size).toBe(3);
    for (const skillPod of skillPods) {
      const pod = await readPod(skillPod.status?.podName ?? "");
      const controller = pod?.metadata?.ownerReferences?.find((o) => o.controller);
      expect(controller?.uid).toBe(skillPod.metadata?.uid);
      expect(await credentialsOf(skillPod)).toHaveLength(1);
    }
    // Two came from the pool, the third found it empty and made its own.
    expect(pods.filter((p) => p.startsWith(`wp-${className}-`))).toHaveLength(2);
    await fullPool(2);
  });

  it("deletes a stopped SkillPod's adopted Pod instead of returning it to the pool", async () => {
    const before = (await getSkillPod(namespace, "eph"))?.status?.podName ?? "";
    await patchSkillPod(namespace, "eph", { spec: { state: "Stopped" } });
    await waitForSkillPod(namespace, "eph", "to be Stopped", (s) => s.status?.phase === "Stopped");
    await waitFor(`adopted Pod ${before} to be gone`, async () => (await readPod(before)) === undefined);
    expect((await poolPods()).map((p) => p.metadata?.name)).not.toContain(before);
    await patchSkillPod(namespace, "eph", { spec: { state: "Running" } });
    const again = await running("eph");
    expect(again.status?.podName).not.toBe(before);
    expect(await credentialsOf(again)).toEqual([`${again.status?.podName}-stream`]);
  });

  it("deletes the adopted Pod with its SkillPod", async () => {
    const podName = (await getSkillPod(namespace, "twin-a"))?.status?.podName ?? "";
    await deleteSkillPod(namespace, "twin-a");
    await waitFor(`Pod ${podName} to be gone`, async () => (await readPod(podName)) === undefined);
    expect((await poolPods()).map((p) => p.metadata?.name)).not.toContain(podName);
  });

  it("empties the pool when its size goes to 0", async () => {
    await patchClass({ spec: { warmPool: { size: 0 } } });
    await waitFor("the pool to be empty", async () => {
      const [pods, secrets] = await Promise.all([
        core.listNamespacedPod({ namespace, labelSelector: poolSelector }),
        core.listNamespacedSecret({ namespace, labelSelector: poolSelector }),
      ]);
      return pods.items.length === 0 && secrets.items.length === 0;
    });
    await waitFor("the pool's ServiceAccount to be gone", () =>
      core.readNamespacedServiceAccount({ name: `wp-${className}`, namespace }).then(
        () => false,
        () => true,
      ),
    );
    // Adopted Pods are their SkillPods' now, not the pool's.
    expect((await getSkillPod(namespace, "eph"))?.status?.phase).toBe("Running");
  });

  it("replaces an adopted Pod deleted from outside, leaving one stream credential", async () => {
    const before = (await getSkillPod(namespace, "eph"))?.status?.podName ?? "";
    expect(before).toMatch(/^wp-/);
    await core.deleteNamespacedPod({ name: before, namespace, gracePeriodSeconds: 0 });
    // The pool is empty now (size 0): the SkillPod gets a Pod of its own.
    const again = await waitForSkillPod(
      namespace,
      "eph",
      "to run on a Pod of its own",
      (s) => s.status?.phase === "Running" && s.status.podName === "ws-eph",
    );
    await waitFor("one stream credential", async () => {
      const names = await credentialsOf(again);
      return names.length === 1 && names[0] === "ws-eph-stream";
    });
    // An Ephemeral home of its own is an emptyDir too: still no claim.
    const own = await readPod("ws-eph");
    expect(own?.spec?.volumes?.find((v) => v.name === "home")?.emptyDir?.sizeLimit).toBe("1Gi");
    const claims = await core.listNamespacedPersistentVolumeClaim({ namespace });
    expect(claims.items.map((c) => c.metadata?.name)).not.toContain("home-eph");
  });

  it("removes a class's pool with the class", async () => {
    const other = `pool-gone-${suffix()}`;
    await createClass(other, { warmPool: { size: 1 } });
    const selector = `skillpod.dev/warm-pool=${other}`;
    await waitFor("the other class's pool Pod", async () => {
      const pods = await core.listNamespacedPod({ namespace, labelSelector: selector });
      return pods.items.some(isReady);
    });
    const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodClassPlural };
    await custom.deleteClusterCustomObject({ ...coordinates, name: other });
    await waitFor("the other class's pool to be gone", async () => {
      const [pods, secrets] = await Promise.all([
        core.listNamespacedPod({ namespace, labelSelector: selector }),
        core.listNamespacedSecret({ namespace, labelSelector: selector }),
      ]);
      return pods.items.length === 0 && secrets.items.length === 0;
    });
  });
});
