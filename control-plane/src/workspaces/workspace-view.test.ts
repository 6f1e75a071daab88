import { activityAnnotation, type SkillPod } from "@skillpod/api";
import { describe, expect, it } from "vitest";
import { isRunning, workspaceView } from "./workspace-view.js";

const base: SkillPod = {
  apiVersion: "skillpod.dev/v1alpha1",
  kind: "SkillPod",
  metadata: { name: "ws-1", namespace: "skp-c1" },
  spec: { className: "standard-desktop", owner: { userId: "u1" }, contract: { id: "c1", milestoneId: "m1" } },
};

const condition = (type: string, status: "True" | "False", at = "2026-12-07T10:00:00.000Z") => ({
  type,
  status,
  lastTransitionTime: at,
  reason: "Test",
  message: `${type} is ${status}`,
});

describe("workspaceView", () => {
  it("shows a SkillPod the operator has not seen yet", () => {
    expect(workspaceView(base, "interactive", false)).toEqual({
      namespace: "skp-c1",
      name: "ws-1",
      state: "Running",
      phase: null,
      ready: false,
      idleWarning: null,
      expiresAt: null,
      lastActivityAt: null,
      contractId: "c1",
      milestoneId: "m1",
      frozen: false,
      mode: "interactive",
      clipboard: "Both",
    });
  });

  it("shows live status: ready, the idle warning with its time, expiry and activity", () => {
    const skillPod: SkillPod = {
      ...base,
      spec: {
        ...base.spec,
        state: "Stopped",
        expiresAt: "2026-12-31T00:00:00Z",
        policy: { clipboard: "ToWorkspace" },
      },
      status: {
        phase: "Running",
        lastActivityAt: "2026-12-07T09:00:00Z",
        conditions: [condition("Ready", "True"), condition("IdleWarning", "True", "2026-12-07T09:30:00Z")],
      },
    };
    const view = workspaceView(skillPod, "watch", true);
    expect(view).toMatchObject({
      state: "Stopped",
      phase: "Running",
      ready: true,
      idleWarning: { since: "2026-12-07T09:30:00Z", message: "IdleWarning is True" },
      expiresAt: "2026-12-31T00:00:00Z",
      lastActivityAt: "2026-12-07T09:00:00Z",
      frozen: true,
      mode: "watch",
      clipboard: "ToWorkspace",
    });
  });

  it("has no idle warning when its condition is False, and falls back to the gateway's activity annotation", () => {
    const skillPod: SkillPod = {
      ...base,
      metadata: { ...base.metadata, annotations: { [activityAnnotation]: "2026-12-07T08:00:00Z" } },
      status: { conditions: [condition("IdleWarning", "False")] },
    };
    const view = workspaceView(skillPod, "interactive", false);
    expect(view.idleWarning).toBeNull();
    expect(view.lastActivityAt).toBe("2026-12-07T08:00:00Z");
  });
});

describe("isRunning", () => {
  it("needs Running both wanted and observed", () => {
    expect(isRunning({ ...base, status: { phase: "Running" } })).toBe(true);
    expect(isRunning({ ...base, status: { phase: "Starting" } })).toBe(false);
    expect(isRunning(base)).toBe(false);
    expect(
      isRunning({ ...base, spec: { ...base.spec, state: "Stopped" }, status: { phase: "Running" } }),
    ).toBe(false);
  });
});
