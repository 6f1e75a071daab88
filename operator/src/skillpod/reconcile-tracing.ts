// Which trace a SkillPod's reconcile joins. Whoever changes a SkillPod (the workers' provisioning activity, the
// control plane, the operator stopping an idle one) writes its span into skillpod.dev/traceparent; the
// reconciles that carry out that change are children of it, so one trace runs from the person's click to
// the workspace Running or Stopped. Once the change is carried out (status observed the generation and the
// phase settled) later reconciles are housekeeping (resyncs, usage refreshes, drift repair) and start their
// own traces: otherwise every resync for weeks would hang off one click.
import { trace } from "@opentelemetry/api";
import { parseTraceparent, traceparentAnnotation, type SkillPod, type TraceParent } from "@skillpod/api";
import { tracedHandler, type ReconcileResult } from "../runtime/index.js";

export const reconcileSpanName = "reconcile SkillPod";

const settledPhases: ReadonlySet<string> = new Set(["Running", "Stopped", "Expired", "Failed"]);

function changeCarriedOut(skillPod: SkillPod): boolean {
  const { metadata, status } = skillPod;
  if (metadata?.deletionTimestamp !== undefined || status?.phase === undefined) return false;
  return status.observedGeneration === metadata?.generation && settledPhases.has(status.phase);
}

/** The parent of this SkillPod's reconcile: its traceparent while the change it names is under way. */
export function reconcileParentOf(skillPod: SkillPod | undefined): TraceParent | undefined {
  const value = skillPod?.metadata?.annotations?.[traceparentAnnotation];
  if (value === undefined || changeCarriedOut(skillPod as SkillPod)) return undefined;
  return parseTraceparent(value);
}

/** The SkillPod reconciler as the work queue calls it, each run a span (see reconcileParentOf). */
export function tracedSkillPodReconciles(
  reconcile: (key: string) => Promise<ReconcileResult>,
  skillPodOf: (namespace: string, name: string) => SkillPod | undefined,
): (key: string) => Promise<ReconcileResult> {
  return tracedHandler(reconcile, {
    tracer: trace.getTracer("skillpod-operator"),
    spanName: reconcileSpanName,
    nameAttribute: "skillpod.name",
    parentOf: (namespace, name) => reconcileParentOf(skillPodOf(namespace, name)),
  });
}
