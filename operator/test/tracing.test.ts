// Traced reconciles, read from what the operator exports: the real operator process, OTLP/HTTP to a receiver
// in this test, the local stack's apiserver. A SkillPod's skillpod.dev/traceparent (what the workers and the
// control plane write when they create or change one) becomes the parent of the reconciles that carry the
// change out; the reconcile's log lines carry its trace id; once the change is done, reconciles start their own.
import type { SkillPod } from "@skillpod/api";
import { skillPodGroup, skillPodPlural, skillPodVersion, traceparentAnnotation } from "@skillpod/api";
import {
  OtlpReceiver,
  startOperatorProcess,
  waitFor,
  type NodeProcess,
  type ReceivedSpan,
} from "@skillpod/testkit";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyCrds,
  core,
  createClass,
  custom,
  deleteSkillPod,
  getSkillPod,
  patchSkillPod,
  suffix,
  tenantNamespace,
  waitForSkillPod,
} from "./harness.js";

const className = `traced-${suffix()}`;
const smallClass = {
  resources: { default: { cpu: "100m", memory: "128Mi" }, max: { cpu: "1", memory: "1Gi" } },
  home: { defaultSize: "1Gi" },
};
let namespace: string;
let receiver: OtlpReceiver;
let operator: NodeProcess;
const made: string[] = [];

const hex = (bytes: number): string => randomBytes(bytes).toString("hex");
const newParent = (): { traceId: string; spanId: string; traceparent: string } => {
  const traceId = hex(16);
  const spanId = hex(8);
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
};

const reconcilesOf = (name: string): ReceivedSpan[] =>
  receiver.spans.filter(
    (s) =>
      s.service === "skillpod-operator" &&
      s.name === "reconcile SkillPod" &&
      s.attributes["skillpod.name"] === name,
  );

/** The operator's JSON log lines that name this trace id. */
const logLinesOf = (traceId: string): Record<string, unknown>[] =>
  operator.output
    .join("")
    .split("\n")
    .filter((line) => line.includes(traceId))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  applyCrds();
  namespace = await tenantNamespace("traced");
  await createClass(className, smallClass);
  receiver = await OtlpReceiver.start();
  operator = await startOperatorProcess(namespace, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
});

afterAll(async () => {
  // While the operator still runs, so that its finalizer lets the SkillPods of a failed test go too.
  await Promise.all(made.map((name) => deleteSkillPod(namespace, name).catch(() => undefined)));
  await waitFor("the test's SkillPods gone", async () => {
    const left = await Promise.all(made.map((name) => getSkillPod(namespace, name)));
    return left.every((s) => s === undefined);
  }).catch(() => undefined);
  await operator?.stop();
  await receiver?.close();
  await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  await custom
    .deleteClusterCustomObject({
      group: skillPodGroup,
      version: skillPodVersion,
      plural: "skillpodclasses",
      name: className,
    })
    .catch(() => undefined);
});

describe("traced reconciles", () => {
  it("continue the trace of whoever created or changed the SkillPod, and only while the change is under way", async () => {
    const name = `ws-${suffix()}`;
    made.push(name);
    const created = newParent();
    const body: SkillPod = {
      apiVersion: "skillpod.dev/v1alpha1",
      kind: "SkillPod",
      metadata: { name, annotations: { [traceparentAnnotation]: created.traceparent } },
      spec: { className, owner: { userId: "u-freelancer" }, state: "Running" },
    };
    await custom.createNamespacedCustomObject({
      group: skillPodGroup,
      version: skillPodVersion,
      plural: skillPodPlural,
      namespace,
      body,
    });
    await waitForSkillPod(namespace, name, "Running", (s) => s.status?.phase === "Running");

    // Every reconcile from the create to Running is a child of the creator's span, in the creator's trace.
    const toRunning = await waitFor(`reconcile spans of ${name} in trace ${created.traceId}`, () => {
      const spans = reconcilesOf(name).filter((s) => s.traceId === created.traceId);
      return Promise.resolve(spans.length >= 2 && spans);
    });
    for (const span of toRunning) {
      expect(span.parentSpanId).toBe(created.spanId);
      expect(span.attributes["k8s.namespace.name"]).toBe(namespace);
      expect(span.status.code ?? 0).not.toBe(2);
    }
    expect(toRunning.some((s) => s.attributes["reconcile.result"] !== undefined)).toBe(true);
    // The reconcile's log lines name the trace, so the operator's logs join the creator's.
    expect(logLinesOf(created.traceId).some((line) => line.skillPod === name)).toBe(true);

    // Running and observed: a reconcile now (a label changed) is housekeeping, in a trace of its own.
    const touchedAt = Date.now();
    await patchSkillPod(namespace, name, { metadata: { labels: { "skillpod.dev/test": "touched" } } });
    const housekeeping = await waitFor(`a reconcile of ${name} after the label change`, () =>
      Promise.resolve(reconcilesOf(name).find((s) => s.startMs >= touchedAt)),
    );
    expect(housekeeping.traceId).not.toBe(created.traceId);
    expect(housekeeping.parentSpanId).toBeUndefined();

    // A stop written with the stopper's span (as the control plane writes one): its reconciles join that trace.
    const stopped = newParent();
    await patchSkillPod(namespace, name, {
      metadata: { annotations: { [traceparentAnnotation]: stopped.traceparent } },
      spec: { state: "Stopped" },
    });
    await waitForSkillPod(namespace, name, "Stopped", (s) => s.status?.phase === "Stopped");
    const toStopped = await waitFor(`reconcile spans of ${name} in trace ${stopped.traceId}`, () => {
      const spans = reconcilesOf(name).filter((s) => s.traceId === stopped.traceId);
      return Promise.resolve(spans.length >= 1 && spans);
    });
    expect(toStopped.every((s) => s.parentSpanId === stopped.spanId)).toBe(true);
  });
});
