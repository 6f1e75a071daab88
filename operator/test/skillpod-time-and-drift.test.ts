// Time-driven behaviour (idle warning and stop, expiry) and drift repair, against the real control plane.
import { activityAnnotation } from "@skillpod/api";
import { waitFor } from "@skillpod/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningOperator } from "../src/index.js";
import {
  applyCrds,
  condition,
  core,
  createClass,
  createSkillPod,
  getSkillPod,
  kubeConfig,
  metricTotal,
  patchSkillPod,
  startTestOperator,
  suffix,
  tenantNamespace,
  waitForSkillPod,
} from "./harness.js";
import { NetworkingV1Api } from "@kubernetes/client-node";

const className = `drift-${suffix()}`;
const networking = kubeConfig.makeApiClient(NetworkingV1Api);

beforeAll(async () => {
  applyCrds();
  await createClass(className);
});

describe("idle detection (operator clock moved by the test)", () => {
  const clock = { offsetMs: 0 };
  let operator: RunningOperator;
  let namespace: string;
  // Any metadata change wakes the reconciler after the test moves the clock.
  const nudge = (name: string): Promise<unknown> =>
    patchSkillPod(namespace, name, {
      metadata: { annotations: { "skillpod.dev/test-nudge": String(Date.now()) } },
    });

  beforeAll(async () => {
    namespace = await tenantNamespace("idle");
    operator = await startTestOperator(namespace, clock);
  });
  afterAll(async () => {
    await operator?.stop();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it("warns warnSeconds before the idle timeout, then stops the SkillPod and keeps its home", async () => {
    await createSkillPod(namespace, "sleepy", { className, idle: { timeoutSeconds: 120, warnSeconds: 60 } });
    await waitForSkillPod(namespace, "sleepy", "to be Running", (s) => s.status?.phase === "Running");
    expect(condition((await getSkillPod(namespace, "sleepy"))!, "IdleWarning")).toBe("False");

    clock.offsetMs = 70_000;
    await nudge("sleepy");
    const warned = await waitForSkillPod(
      namespace,
      "sleepy",
      "to warn",
      (s) => condition(s, "IdleWarning") === "True",
    );
    expect(warned.status?.phase).toBe("Running");

    clock.offsetMs = 125_000;
    await nudge("sleepy");
    const stopped = await waitForSkillPod(
      namespace,
      "sleepy",
      "to be stopped as idle",
      (s) => s.status?.phase === "Stopped",
    );
    expect(stopped.spec.state).toBe("Stopped");
    expect(stopped.metadata?.annotations?.["skillpod.dev/stopped-reason"]).toBe("Idle");
    await expect(core.readNamespacedPod({ name: "ws-sleepy", namespace })).rejects.toMatchObject({
      code: 404,
    });
    await core.readNamespacedPersistentVolumeClaim({ name: "home-sleepy", namespace });
  });

  it("counts the session gateway's activity annotation as activity", async () => {
    clock.offsetMs = 0;
    await createSkillPod(namespace, "busy", { className, idle: { timeoutSeconds: 120, warnSeconds: 60 } });
    await waitForSkillPod(namespace, "busy", "to be Running", (s) => s.status?.phase === "Running");
    clock.offsetMs = 110_000;
    const activeAt = new Date(Date.now() + clock.offsetMs - 5_000).toISOString();
    await patchSkillPod(namespace, "busy", { metadata: { annotations: { [activityAnnotation]: activeAt } } });
    const fresh = await waitForSkillPod(
      namespace,
      "busy",
      "to record the activity",
      (s) => s.status?.lastActivityAt !== undefined,
    );
    expect(Date.parse(fresh.status!.lastActivityAt!)).toBeGreaterThan(Date.now() + 100_000);
    expect(condition(fresh, "IdleWarning")).toBe("False");
    expect(fresh.status?.phase).toBe("Running");
  });
});

describe("expiry and drift repair", () => {
  let operator: RunningOperator;
  let namespace: string;

  beforeAll(async () => {
    namespace = await tenantNamespace("drift");
    operator = await startTestOperator(namespace);
  });
  afterAll(async () => {
    await operator?.stop();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it("stops an expired SkillPod on time (expiryAction Stop)", async () => {
    const expiresAt = new Date(Date.now() + 6_000).toISOString().replace(/\.\d+Z$/, "Z");
    await createSkillPod(namespace, "short", { className, expiresAt });
    await waitForSkillPod(namespace, "short", "to be Running", (s) => s.status?.phase === "Running");
    const expired = await waitForSkillPod(
      namespace,
      "short",
      "to expire",
      (s) => s.status?.phase === "Expired",
      20_000,
    );
    expect(condition(expired, "Expired")).toBe("True");
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt));
    await expect(core.readNamespacedPod({ name: "ws-short", namespace })).rejects.toMatchObject({
      code: 404,
    });
  });

  it("deletes an expired SkillPod when expiryAction is Delete", async () => {
    const expiresAt = new Date(Date.now() + 5_000).toISOString().replace(/\.\d+Z$/, "Z");
    await createSkillPod(namespace, "ephemeral", { className, expiresAt, expiryAction: "Delete" });
    await waitFor(
      "the SkillPod to be deleted on expiry",
      async () => (await getSkillPod(namespace, "ephemeral")) === undefined,
      { timeoutMs: 20_000 },
    );
  });

  it("restores every child kind deleted out of band", async () => {
    await createSkillPod(namespace, "steady", { className });
    await waitForSkillPod(namespace, "steady", "to be Running", (s) => s.status?.phase === "Running");
    const name = { name: "ws-steady", namespace };
    const kinds: [string, () => Promise<{ metadata?: { uid?: string } }>, () => Promise<unknown>][] = [
      [
        "Pod",
        () => core.readNamespacedPod(name),
        () => core.deleteNamespacedPod({ ...name, gracePeriodSeconds: 0 }),
      ],
      ["Service", () => core.readNamespacedService(name), () => core.deleteNamespacedService(name)],
      [
        "ServiceAccount",
        () => core.readNamespacedServiceAccount(name),
        () => core.deleteNamespacedServiceAccount(name),
      ],
      [
        "NetworkPolicy",
        () => networking.readNamespacedNetworkPolicy(name),
        () => networking.deleteNamespacedNetworkPolicy(name),
      ],
      [
        "Secret",
        () => core.readNamespacedSecret({ name: "ws-steady-stream", namespace }),
        () => core.deleteNamespacedSecret({ name: "ws-steady-stream", namespace }),
      ],
    ];
    for (const [kind, read, remove] of kinds) {
      const before = (await read()).metadata?.uid;
      await remove();
      await waitFor(`${kind} to be recreated`, async () => {
        const after = await read().catch(() => undefined);
        return after?.metadata?.uid !== undefined && after.metadata.uid !== before;
      });
    }
  });

  it("takes back fields edited out of band", async () => {
    const name = { name: "ws-steady", namespace };
    await core.patchNamespacedService({
      ...name,
      body: [{ op: "replace", path: "/spec/ports/0/port", value: 9999 }],
    });
    await networking.patchNamespacedNetworkPolicy({
      ...name,
      body: [{ op: "remove", path: "/spec/egress" }],
    });
    await patchSkillPod(namespace, "steady", {
      metadata: { annotations: { "skillpod.dev/test-nudge": "1" } },
    });
    await waitFor(
      "the Service port to be restored",
      async () => (await core.readNamespacedService(name)).spec?.ports?.[0]?.port === 6901,
    );
    await waitFor("the NetworkPolicy egress rules to be restored", async () => {
      const policy = await networking.readNamespacedNetworkPolicy(name);
      return (policy.spec?.egress?.length ?? 0) >= 1;
    });
  });
});

describe("settled SkillPods (no writes without a change)", () => {
  let namespace: string;
  let operator: RunningOperator | undefined;
  const reconciles = (): Promise<number> => metricTotal(operator!, "skillpod_operator_reconcile_total");
  const applies = (): Promise<number> => metricTotal(operator!, "skillpod_operator_child_applies_total");

  beforeAll(async () => {
    namespace = await tenantNamespace("settled");
    operator = await startTestOperator(namespace);
  });
  afterAll(async () => {
    await operator?.stop();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  /** Running, and no reconcile for a second: other controllers' updates (binding, kwok status) are in. */
  async function settle(): Promise<void> {
    await waitForSkillPod(namespace, "calm", "to be Running", (s) => s.status?.phase === "Running");
    let last = -1;
    await waitFor(
      "the operator to go quiet",
      async () => {
        const now = await reconciles();
        const quiet = now === last;
        last = now;
        return quiet;
      },
      { intervalMs: 1000 },
    );
  }

  it("applies no child again after status updates by other controllers, a nudge, or a restart", async () => {
    await createSkillPod(namespace, "calm", { className });
    await settle();
    const before = await applies();
    expect(before).toBeGreaterThanOrEqual(6);

    const reconciled = await reconciles();
    await patchSkillPod(namespace, "calm", { metadata: { annotations: { "skillpod.dev/test-nudge": "2" } } });
    await waitFor("a reconcile after the nudge", async () => (await reconciles()) > reconciled);
    expect(await applies()).toBe(before);

    // A new process knows nothing of its predecessor's applies: the children's own state must tell it.
    await operator?.stop();
    operator = await startTestOperator(namespace);
    await waitFor("the restarted operator to reconcile", async () => (await reconciles()) >= 1);
    await settle();
    expect(await applies()).toBe(0);
  });
});
