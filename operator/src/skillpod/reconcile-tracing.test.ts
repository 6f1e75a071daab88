import { traceparentAnnotation, type SkillPod } from "@skillpod/api";
import { describe, expect, it } from "vitest";
import { skillPodFixture } from "./fixtures.test-support.js";
import { reconcileParentOf } from "./reconcile-tracing.js";

const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
const spanId = "00f067aa0ba902b7";
const traceparent = `00-${traceId}-${spanId}-01`;

function annotated(status?: SkillPod["status"], value = traceparent): SkillPod {
  const skillPod = skillPodFixture({}, status);
  skillPod.metadata = { ...skillPod.metadata, annotations: { [traceparentAnnotation]: value } };
  return skillPod;
}

describe("reconcileParentOf", () => {
  it("continues the trace of a change not yet observed", () => {
    expect(reconcileParentOf(annotated())).toEqual({ traceId, spanId, traceFlags: 1 });
    expect(reconcileParentOf(annotated({ phase: "Running", observedGeneration: 2 }))).toEqual({
      traceId,
      spanId,
      traceFlags: 1,
    });
  });

  it("continues it while the observed change is still under way", () => {
    for (const phase of ["Pending", "Provisioning", "Starting", "Stopping"] as const) {
      expect(reconcileParentOf(annotated({ phase, observedGeneration: 3 }))?.traceId).toBe(traceId);
    }
  });

  it("continues it through a deletion", () => {
    const deleting = annotated({ phase: "Running", observedGeneration: 3 });
    deleting.metadata = { ...deleting.metadata, deletionTimestamp: new Date() };
    expect(reconcileParentOf(deleting)?.traceId).toBe(traceId);
  });

  it("starts a trace of its own once the change is carried out", () => {
    for (const phase of ["Running", "Stopped", "Expired", "Failed"] as const) {
      expect(reconcileParentOf(annotated({ phase, observedGeneration: 3 }))).toBeUndefined();
    }
  });

  it("starts one without an annotation, with a malformed one, or without the SkillPod", () => {
    expect(reconcileParentOf(skillPodFixture())).toBeUndefined();
    expect(reconcileParentOf(annotated(undefined, "00-not-a-trace"))).toBeUndefined();
    expect(reconcileParentOf(undefined)).toBeUndefined();
  });
});
