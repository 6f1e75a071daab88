import type { SkillPod } from "@skillpod/api";
import { describe, expect, it } from "vitest";
import { clipboardToDesktopOf } from "./admission.js";
import { gatewayCloseCodes } from "./close-codes.js";
import { stateRevocation } from "./revocation.js";

const running = (
  patch: { spec?: Partial<SkillPod["spec"]>; phase?: string; deleting?: boolean } = {},
): SkillPod =>
  ({
    metadata: { name: "pod", namespace: "ns", ...(patch.deleting ? { deletionTimestamp: new Date() } : {}) },
    spec: { className: "c", owner: { userId: "u" }, ...patch.spec },
    status: { phase: patch.phase ?? "Running" },
  }) as SkillPod;

describe("stateRevocation", () => {
  it("lets a Running SkillPod keep its sessions", () => {
    expect(stateRevocation(running())).toBeUndefined();
  });

  it("ends sessions of a deleted or deleting SkillPod", () => {
    expect(stateRevocation(undefined)?.code).toBe(gatewayCloseCodes.skillPodDeleted);
    expect(stateRevocation(running({ deleting: true }))?.code).toBe(gatewayCloseCodes.skillPodDeleted);
  });

  it("ends sessions of a stopped SkillPod, or one no longer Running, naming the phase", () => {
    expect(stateRevocation(running({ spec: { state: "Stopped" } }))?.code).toBe(
      gatewayCloseCodes.skillPodStopped,
    );
    const stopping = stateRevocation(running({ phase: "Stopping" }));
    expect(stopping?.code).toBe(gatewayCloseCodes.skillPodStopped);
    expect(stopping?.reason).toContain("Stopping");
  });
});

describe("clipboardToDesktopOf", () => {
  it("lets the browser's clipboard in for Both (the default) and ToWorkspace only", () => {
    expect(clipboardToDesktopOf(running())).toBe(true);
    expect(clipboardToDesktopOf(running({ spec: { policy: { clipboard: "ToWorkspace" } } }))).toBe(true);
    expect(clipboardToDesktopOf(running({ spec: { policy: { clipboard: "Disabled" } } }))).toBe(false);
  });
});
