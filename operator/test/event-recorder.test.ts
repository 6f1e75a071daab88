// The event recorder against the real apiserver: Events land in the object's namespace and repeats aggregate.
import { CoreV1Api, KubeConfig, type CoreV1Event, type V1ConfigMap } from "@kubernetes/client-node";
import { stackEnv } from "@skillpod/testkit";
import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventRecorder } from "../src/runtime/index.js";

const kc = new KubeConfig();
const namespace = `events-${randomBytes(3).toString("hex")}`;
const log = pino({ level: "silent" });
let core: CoreV1Api;

async function configMap(name: string): Promise<V1ConfigMap> {
  // Create and read responses carry kind/apiVersion, which involvedObject needs (list items do not).
  return core.createNamespacedConfigMap({ namespace, body: { metadata: { name } } });
}

async function eventsAbout(uid: string, eventNamespace = namespace): Promise<CoreV1Event[]> {
  const list = await core.listNamespacedEvent({
    namespace: eventNamespace,
    fieldSelector: `involvedObject.uid=${uid}`,
  });
  return list.items;
}

beforeAll(async () => {
  kc.loadFromFile(stackEnv("KUBECONFIG"));
  core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: namespace } } });
});

afterAll(async () => {
  await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
});

describe("event recorder", () => {
  it("creates an Event about the object and aggregates a repeat into count 2", async () => {
    const recorder = createEventRecorder(kc, "skillpod-operator", log);
    const cm = await configMap("home");
    const uid = cm.metadata?.uid ?? "";

    await recorder.record(cm, "Normal", "Created", "Created Pod ws-abc");
    await recorder.record(cm, "Normal", "Created", "Created Pod ws-abc");

    const events = await eventsAbout(uid);
    expect(events).toHaveLength(1);
    const [event] = events as [CoreV1Event];
    expect(event).toMatchObject({
      count: 2,
      type: "Normal",
      reason: "Created",
      message: "Created Pod ws-abc",
      source: { component: "skillpod-operator" },
      involvedObject: {
        apiVersion: "v1",
        kind: "ConfigMap",
        name: "home",
        namespace,
        uid,
        resourceVersion: cm.metadata?.resourceVersion,
      },
    });
    expect(event.firstTimestamp).toBeInstanceOf(Date);
    expect(event.lastTimestamp).toBeInstanceOf(Date);
    expect(Number(event.lastTimestamp)).toBeGreaterThanOrEqual(Number(event.firstTimestamp));
  });

  it("keeps different reasons or messages apart, also when recorded concurrently", async () => {
    const recorder = createEventRecorder(kc, "skillpod-operator", log);
    const cm = await configMap("concurrent");
    await Promise.all([
      recorder.record(cm, "Warning", "Failed", "Failed to create Pod ws-1: quota"),
      recorder.record(cm, "Warning", "Failed", "Failed to create Pod ws-1: quota"),
      recorder.record(cm, "Warning", "Failed", "Failed to create Pod ws-1: quota"),
      recorder.record(cm, "Normal", "Created", "Created Pod ws-1"),
    ]);
    const events = await eventsAbout(cm.metadata?.uid ?? "");
    const counts = Object.fromEntries(
      events.map((e): [string, number | undefined] => [e.reason ?? "", e.count]),
    );
    expect(counts).toEqual({ Failed: 3, Created: 1 });
  });

  it("puts Events about cluster-scoped objects in default", async () => {
    const recorder = createEventRecorder(kc, "skillpod-operator", log);
    const ns = await core.readNamespace({ name: namespace });
    await recorder.record(ns, "Normal", "Observed", "Observed it");
    const events = await eventsAbout(ns.metadata?.uid ?? "", "default");
    expect(events).toHaveLength(1);
    expect(events[0]?.involvedObject.kind).toBe("Namespace");
    await core.deleteNamespacedEvent({ name: events[0]?.metadata.name ?? "", namespace: "default" });
  });

  it("creates a fresh Event when the aggregated one is gone, and never throws", async () => {
    const recorder = createEventRecorder(kc, "skillpod-operator", log);
    const cm = await configMap("expired");
    const uid = cm.metadata?.uid ?? "";
    await recorder.record(cm, "Normal", "Synced", "Synced ConfigMap expired");
    const [first] = await eventsAbout(uid);
    await core.deleteNamespacedEvent({ name: first?.metadata.name ?? "", namespace });
    await recorder.record(cm, "Normal", "Synced", "Synced ConfigMap expired");
    const events = await eventsAbout(uid);
    expect(events.map((e) => e.count)).toEqual([1]);

    const missing = { ...cm, metadata: { ...cm.metadata, namespace: "no-such-namespace-here" } };
    await expect(recorder.record(missing, "Warning", "Failed", "Failed")).resolves.toBeUndefined();
  });
});
