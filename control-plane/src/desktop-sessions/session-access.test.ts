import type { SkillPod } from "@skillpod/api";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { desktopModeFor, grantedMode } from "./session-access.js";

const skillPod = (viewers: string[], contractId?: string): SkillPod => ({
  apiVersion: "skillpod.dev/v1alpha1",
  kind: "SkillPod",
  metadata: { name: "ws-1", namespace: "skp-c1" },
  spec: {
    className: "standard-desktop",
    owner: { userId: "u_owner" },
    ...(contractId === undefined ? {} : { contract: { id: contractId } }),
    supervision: { viewers },
  },
});

// A pool with no methods: any query would throw, so these cases prove the answer needed no database.
const noDatabase = {} as pg.Pool;

describe("desktopModeFor without a query", () => {
  it("gives the owner interactive", async () => {
    expect(await desktopModeFor(noDatabase, skillPod([]), "u_owner")).toBe("interactive");
  });

  it("refuses a user who is not a viewer", async () => {
    expect(await desktopModeFor(noDatabase, skillPod(["u_client"], "c1"), "u_other")).toBeUndefined();
  });

  it("refuses a viewer of a SkillPod bound to no contract", async () => {
    expect(await desktopModeFor(noDatabase, skillPod(["u_client"]), "u_client")).toBeUndefined();
  });

  it("refuses an empty user id even if listed", async () => {
    expect(await desktopModeFor(noDatabase, skillPod([""], "c1"), "")).toBeUndefined();
  });
});

describe("grantedMode", () => {
  it("grants the allowed mode when none is asked", () => {
    expect(grantedMode("interactive", undefined)).toBe("interactive");
    expect(grantedMode("watch", undefined)).toBe("watch");
    expect(grantedMode(undefined, undefined)).toBeUndefined();
  });

  it("lets an owner watch but never a watcher type", () => {
    expect(grantedMode("interactive", "watch")).toBe("watch");
    expect(grantedMode("watch", "interactive")).toBeUndefined();
    expect(grantedMode(undefined, "watch")).toBeUndefined();
  });
});
