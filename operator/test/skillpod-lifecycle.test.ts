// The SkillPod operator against the real control plane: create → Running, stop/start on the same home,
// deletion with the home kept or deleted, and errors surfacing as conditions.
import { NetworkingV1Api, StorageV1Api, type V1Pod, type V1StorageClass } from "@kubernetes/client-node";
import { skillPodGroup, skillPodVersion } from "@skillpod/api";
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
  patchSkillPod,
  startTestOperator,
  suffix,
  tenantNamespace,
  waitForSkillPod,
} from "./harness.js";

let operator: RunningOperator;
let namespace: string;
const className = `desktop-${suffix()}`;

const readPod = (name: string): Promise<V1Pod | undefined> =>
  core.readNamespacedPod({ name, namespace }).catch(() => undefined);

beforeAll(async () => {
  applyCrds();
  namespace = await tenantNamespace("lifecycle");
  await createClass(className, { egress: { allow: ["0.0.0.0/0:443"] } });
  operator = await startTestOperator(namespace);
});

afterAll(async () => {
  await operator?.stop();
  await core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

describe("SkillPod lifecycle", () => {
  it("creates the children and reaches Running with an endpoint, under the restricted profile", async () => {
    await createSkillPod(namespace, "alpha", { className, contract: { id: "c-1", milestoneId: "m-1" } });
    const running = await waitForSkillPod(
      namespace,
      "alpha",
      "to be Running",
      (s) => s.status?.phase === "Running",
    );
    expect(running.status?.endpoint).toBe(`ws-alpha.${namespace}.svc.cluster.local:6901`);
    expect(running.status?.podName).toBe("ws-alpha");
    expect(running.status?.observedGeneration).toBe(running.metadata?.generation);
    for (const type of ["Ready", "StorageReady", "Scheduled", "NetworkIsolated"])
      expect(condition(running, type)).toBe("True");
    expect(running.metadata?.finalizers).toContain("skillpod.dev/finalizer");

    const pod = await readPod("ws-alpha");
    expect(pod?.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: "SkillPod",
      name: "alpha",
      controller: true,
    });
    expect(pod?.metadata?.labels).toMatchObject({
      "skillpod.dev/owner": "u-freelancer",
      "skillpod.dev/contract": "c-1",
    });
    expect(pod?.spec?.automountServiceAccountToken).toBe(false);
    expect(pod?.spec?.containers[0]?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
    });
    const account = await core.readNamespacedServiceAccount({ name: "ws-alpha", namespace });
    expect(account.automountServiceAccountToken).toBe(false);
    const secret = await core.readNamespacedSecret({ name: "ws-alpha-stream", namespace });
    const password = Buffer.from(secret.data?.password ?? "", "base64").toString();
    const viewPassword = Buffer.from(secret.data?.["view-password"] ?? "", "base64").toString();
    expect(password).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(viewPassword).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(viewPassword).not.toBe(password);
    expect(pod?.spec?.containers[0]?.securityContext?.readOnlyRootFilesystem).toBe(true);
    const policy = await kubeConfig
      .makeApiClient(NetworkingV1Api)
      .readNamespacedNetworkPolicy({ name: "ws-alpha", namespace });
    expect(policy.spec?.ingress?.[0]?._from?.[0]?.podSelector?.matchLabels).toEqual({
      "skillpod.dev/session-gateway": "true",
    });
    expect(policy.spec?.egress?.[1]?.to?.[0]?.ipBlock).toEqual({
      cidr: "0.0.0.0/0",
      except: ["169.254.169.254/32"],
    });
    // One Event for the whole creation: each Event is a write the API server must absorb.
    const events = await core.listNamespacedEvent({ namespace, fieldSelector: "involvedObject.name=alpha" });
    const created = events.items.filter((e) => e.reason === "CreatedChildren");
    expect(created).toHaveLength(1);
    for (const child of ["Pod ws-alpha", "PersistentVolumeClaim home-alpha", "Secret ws-alpha-stream"])
      expect(created[0]?.message).toContain(`Created ${child}`);
  });

  it("adds a view-only password to a Secret that lacks one, keeping the interactive password", async () => {
    const name = "ws-alpha-stream";
    const secret = await core.readNamespacedSecret({ name, namespace });
    const password = secret.data?.password;
    // A Secret as operators before watch mode wrote it: one long interactive password, nothing else.
    const old = Buffer.from("an-old-interactive-password-32ch").toString("base64");
    await core.replaceNamespacedSecret({ name, namespace, body: { ...secret, data: { password: old } } });
    const healed = await waitFor("the operator to add a view-only password", async () => {
      const current = await core.readNamespacedSecret({ name, namespace });
      return current.data?.["view-password"] ? current : false;
    });
    expect(healed.data?.password).toBe(old);
    expect(healed.data?.password).not.toBe(password);
    expect(Buffer.from(healed.data?.["view-password"] ?? "", "base64").toString()).toMatch(
      /^[A-Za-z0-9]{8}$/,
    );
  });

  it("stops without the Pod and starts again on the same home volume", async () => {
    const claim = await core.readNamespacedPersistentVolumeClaim({ name: "home-alpha", namespace });
    await patchSkillPod(namespace, "alpha", { spec: { state: "Stopped" } });
    const stopped = await waitForSkillPod(
      namespace,
      "alpha",
      "to be Stopped",
      (s) => s.status?.phase === "Stopped",
    );
    expect(await readPod("ws-alpha")).toBeUndefined();
    expect(stopped.status?.stoppedAt).toBeDefined();
    await patchSkillPod(namespace, "alpha", { spec: { state: "Running" } });
    await waitForSkillPod(namespace, "alpha", "to be Running again", (s) => s.status?.phase === "Running");
    const again = await core.readNamespacedPersistentVolumeClaim({ name: "home-alpha", namespace });
    expect(again.metadata?.uid).toBe(claim.metadata?.uid);
    const pod = await readPod("ws-alpha");
    expect(pod?.spec?.volumes?.find((v) => v.name === "home")?.persistentVolumeClaim?.claimName).toBe(
      "home-alpha",
    );
    // The Pod made again is reported as made, in an Event of its own.
    const events = await core.listNamespacedEvent({ namespace, fieldSelector: "involvedObject.name=alpha" });
    const podCreations = events.items.filter((e) => e.message?.includes("Created Pod ws-alpha"));
    expect(podCreations.map((e) => e.count ?? 1).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("reports a missing class as ClassNotFound and resources over the class maximum as Invalid, with no Pod", async () => {
    await createSkillPod(namespace, "orphan", { className: "no-such-class" });
    const orphan = await waitForSkillPod(namespace, "orphan", "to report ClassNotFound", (s) =>
      Boolean(s.status?.conditions?.some((c) => c.type === "Ready" && c.reason === "ClassNotFound")),
    );
    expect(orphan.status?.phase).toBe("Pending");
    await createSkillPod(namespace, "greedy", { className, resources: { cpu: "16", memory: "1Gi" } });
    const greedy = await waitForSkillPod(
      namespace,
      "greedy",
      "to report Invalid",
      (s) => s.status?.phase === "Failed",
    );
    expect(greedy.status?.conditions?.find((c) => c.type === "Ready")?.message).toMatch(
      /cpu 16 exceeds the class maximum 4/,
    );
    expect(await readPod("ws-greedy")).toBeUndefined();
    expect(await readPod("ws-orphan")).toBeUndefined();
  });

  it("keeps a retained home on delete and lets the owner's next SkillPod adopt it", async () => {
    const claim = await core.readNamespacedPersistentVolumeClaim({ name: "home-alpha", namespace });
    await deleteSkillPod(namespace, "alpha");
    await waitFor(
      "SkillPod alpha to be gone",
      async () => (await getSkillPod(namespace, "alpha")) === undefined,
    );
    await waitFor("the Pod to be garbage-collected", async () => (await readPod("ws-alpha")) === undefined);
    const kept = await core.readNamespacedPersistentVolumeClaim({ name: "home-alpha", namespace });
    expect(kept.metadata?.ownerReferences ?? []).toHaveLength(0);
    expect(kept.metadata?.labels?.["skillpod.dev/retained-home"]).toBe("true");

    await createSkillPod(namespace, "alpha", { className });
    await waitForSkillPod(
      namespace,
      "alpha",
      "to run on the adopted home",
      (s) => s.status?.phase === "Running",
    );
    const adopted = await core.readNamespacedPersistentVolumeClaim({ name: "home-alpha", namespace });
    expect(adopted.metadata?.uid).toBe(claim.metadata?.uid);
    expect(adopted.metadata?.ownerReferences?.[0]?.kind).toBe("SkillPod");
    expect(adopted.metadata?.labels?.["skillpod.dev/retained-home"]).toBeUndefined();
  });

  it("deletes the home on delete when retain is Delete, and every child goes", async () => {
    await createSkillPod(namespace, "beta", { className, home: { retain: "Delete", size: "1Gi" } });
    await waitForSkillPod(namespace, "beta", "to be Running", (s) => s.status?.phase === "Running");
    await deleteSkillPod(namespace, "beta");
    await waitFor("every child of beta to be gone", async () => {
      const [pods, claims, services, secrets] = await Promise.all([
        core.listNamespacedPod({ namespace, labelSelector: "skillpod.dev/skillpod=beta" }),
        core.listNamespacedPersistentVolumeClaim({ namespace, labelSelector: "skillpod.dev/skillpod=beta" }),
        core.listNamespacedService({ namespace, labelSelector: "skillpod.dev/skillpod=beta" }),
        core.listNamespacedSecret({ namespace, labelSelector: "skillpod.dev/skillpod=beta" }),
      ]);
      return [pods, claims, services, secrets].every((l) => l.items.length === 0);
    });
    expect(await getSkillPod(namespace, "beta")).toBeUndefined();
  });
});

describe("home binding before the Pod", () => {
  const storage = kubeConfig.makeApiClient(StorageV1Api);
  // Provisioners nobody serves: the claims stay Pending, so what the operator does meanwhile is visible.
  const unserved = (mode: "Immediate" | "WaitForFirstConsumer"): V1StorageClass => ({
    metadata: { name: `unserved-${mode.toLowerCase()}-${suffix()}`, labels: { "skillpod.dev/test": "true" } },
    provisioner: "skillpod.dev/nobody",
    volumeBindingMode: mode,
  });
  const immediate = unserved("Immediate");
  const firstConsumer = unserved("WaitForFirstConsumer");

  beforeAll(async () => {
    for (const body of [immediate, firstConsumer]) {
      await storage.createStorageClass({ body });
      const name = body.metadata?.name ?? "";
      await createClass(name, { home: { defaultSize: "1Gi", storageClassName: name } });
    }
  });
  afterAll(async () => {
    for (const body of [immediate, firstConsumer]) {
      const name = body.metadata?.name ?? "";
      await storage.deleteStorageClass({ name }).catch(() => undefined);
      await custom
        .deleteClusterCustomObject({
          group: skillPodGroup,
          version: skillPodVersion,
          plural: "skillpodclasses",
          name,
        })
        .catch(() => undefined);
    }
  });

  it("makes no Pod while a home of an immediately-binding class is unbound", async () => {
    await createSkillPod(namespace, "unbound", { className: immediate.metadata?.name ?? "" });
    const waiting = await waitForSkillPod(
      namespace,
      "unbound",
      "to report its pending home",
      (s) =>
        s.status?.conditions?.some((c) => c.type === "StorageReady" && c.reason === "HomePending") ?? false,
    );
    expect(waiting.status?.phase).toBe("Provisioning");
    // Long enough for several reconciles (child events, the 5 s usage refresh) to have made one.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(await readPod("ws-unbound")).toBeUndefined();
  });

  it("makes the Pod at once when the class binds on first consumer", async () => {
    await createSkillPod(namespace, "consumer", { className: firstConsumer.metadata?.name ?? "" });
    await waitFor(
      "the Pod that lets the home bind",
      async () => (await readPod("ws-consumer")) !== undefined,
    );
    const claim = await core.readNamespacedPersistentVolumeClaim({ name: "home-consumer", namespace });
    expect(claim.status?.phase).toBe("Pending");
  });
});
