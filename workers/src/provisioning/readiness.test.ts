import type { SkillPod, SkillPodCondition } from "@skillpod/api";
import { describe, expect, it } from "vitest";
import { readinessOf } from "./readiness.js";

const at = "2026-11-22T10:00:00Z";
const ready = (status: "True" | "False", reason: string): SkillPodCondition => ({
  type: "Ready",
  status,
  reason,
  message: reason,
  lastTransitionTime: at,
});

function skillPod(generation: number, status: SkillPod["status"]): SkillPod {
  return {
    apiVersion: "skillpod.dev/v1alpha1",
    kind: "SkillPod",
    metadata: { name: "w", namespace: "t", generation },
    spec: { className: "c", owner: { userId: "u" } },
    status,
  };
}

describe("readinessOf", () => {
  it("is ready when Ready is True for the current generation and there is an endpoint", () => {
    const s = skillPod(2, {
      phase: "Running",
      observedGeneration: 2,
      endpoint: "ws-w.t.svc.cluster.local:6901",
      conditions: [ready("True", "WorkspaceReady")],
    });
    expect(readinessOf(s)).toEqual({
      kind: "ready",
      phase: "Running",
      endpoint: "ws-w.t.svc.cluster.local:6901",
      readyAt: at,
    });
  });

  it("ignores status written for an older generation (Ready from before a stop)", () => {
    const s = skillPod(3, {
      phase: "Running",
      observedGeneration: 2,
      endpoint: "e",
      conditions: [ready("True", "WorkspaceReady")],
    });
    expect(readinessOf(s)).toEqual({ kind: "waiting", phase: "Running" });
    expect(readinessOf(skillPod(1, undefined))).toEqual({ kind: "waiting", phase: "Pending" });
  });

  it("is invalid for a missing class, a refused spec, phase Failed or Expired", () => {
    for (const [phase, condition, reason] of [
      ["Pending", "ClassNotFound", "ClassNotFound"],
      ["Failed", "Invalid", "Invalid"],
      ["Failed", "WorkspaceStarting", "Failed"],
      ["Expired", "Expired", "Expired"],
    ] as const) {
      const s = skillPod(1, { phase, observedGeneration: 1, conditions: [ready("False", condition)] });
      expect(readinessOf(s)).toMatchObject({ kind: "invalid", phase, reason });
    }
  });

  it("waits while the workspace starts", () => {
    const s = skillPod(1, {
      phase: "Starting",
      observedGeneration: 1,
      conditions: [ready("False", "WorkspaceStarting")],
    });
    expect(readinessOf(s)).toEqual({ kind: "waiting", phase: "Starting" });
  });
});
