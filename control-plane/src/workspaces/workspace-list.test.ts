import type { SkillPod } from "@skillpod/api";
import { describe, expect, it } from "vitest";
import { listedMode } from "./workspace-list.js";

const skillPod = (owner: string, viewers: string[], contractId?: string): SkillPod => ({
  apiVersion: "skillpod.dev/v1alpha1",
  kind: "SkillPod",
  metadata: { name: "ws-1", namespace: "skp-c1" },
  spec: {
    className: "standard-desktop",
    owner: { userId: owner },
    ...(contractId === undefined ? {} : { contract: { id: contractId } }),
    supervision: { viewers },
  },
});

describe("listedMode (desktopModeFor's rule with the contract states at hand)", () => {
  const active = new Set(["c1"]);

  it("lists the owner's SkillPod as interactive, whatever its contract", () => {
    expect(listedMode(skillPod("u1", [], "c9"), "u1", active)).toBe("interactive");
  });

  it("lists a viewer's SkillPod as watch only while the contract is active", () => {
    expect(listedMode(skillPod("u1", ["u2"], "c1"), "u2", active)).toBe("watch");
    expect(listedMode(skillPod("u1", ["u2"], "c2"), "u2", active)).toBeUndefined();
    expect(listedMode(skillPod("u1", ["u2"]), "u2", active)).toBeUndefined();
  });

  it("leaves out a party who is not a viewer", () => {
    expect(listedMode(skillPod("u1", ["u2"], "c1"), "u3", active)).toBeUndefined();
  });
});
