import { describe, expect, it } from "vitest";
import { setCondition } from "./conditions.js";

describe("setCondition", () => {
  const ready = { type: "Ready", status: "False" as const, reason: "PodStarting", message: "waiting" };

  it("keeps lastTransitionTime while the status holds and moves it on a change", () => {
    const first = setCondition([], ready, 1, "2026-01-01T00:00:00Z");
    const same = setCondition(first, { ...ready, message: "still waiting" }, 2, "2026-01-01T00:01:00Z");
    expect(same[0]).toMatchObject({
      lastTransitionTime: "2026-01-01T00:00:00Z",
      observedGeneration: 2,
      message: "still waiting",
    });
    const changed = setCondition(
      same,
      { ...ready, status: "True", reason: "PodReady" },
      2,
      "2026-01-01T00:02:00Z",
    );
    expect(changed[0]?.lastTransitionTime).toBe("2026-01-01T00:02:00Z");
  });

  it("keeps one entry per type, sorted", () => {
    const two = setCondition(setCondition([], ready, 1, "t"), { ...ready, type: "Expired" }, 1, "t");
    expect(two.map((c) => c.type)).toEqual(["Expired", "Ready"]);
  });
});
