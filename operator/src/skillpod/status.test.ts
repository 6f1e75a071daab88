import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { skillPodFixture } from "./fixtures.test-support.js";
import { phaseOf, statusOf, type Observation } from "./status.js";

const now = Date.parse("2026-11-22T10:00:00Z");
const readyPod: V1Pod = {
  spec: { containers: [], nodeName: "n1" },
  status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
};
const base = (over: Partial<Observation> = {}): Observation => ({
  skillPod: skillPodFixture(),
  now,
  networkIsolated: true,
  streamPort: 6901,
  ...over,
});

describe("status", () => {
  it("derives the phase from what was observed", () => {
    expect(phaseOf(base())).toBe("Provisioning");
    expect(phaseOf(base({ pod: { spec: { containers: [], nodeName: "n1" } } }))).toBe("Starting");
    expect(phaseOf(base({ pod: readyPod }))).toBe("Running");
    expect(phaseOf(base({ skillPod: skillPodFixture({ state: "Stopped" }), pod: readyPod }))).toBe(
      "Stopping",
    );
    expect(phaseOf(base({ skillPod: skillPodFixture({ state: "Stopped" }) }))).toBe("Stopped");
    expect(phaseOf(base({ problem: { reason: "Invalid", message: "x" } }))).toBe("Failed");
    expect(phaseOf(base({ problem: { reason: "ClassNotFound", message: "x" } }))).toBe("Pending");
  });

  it("opens a session when the Pod turns ready and closes it with the running time when it goes", () => {
    const opened = statusOf(base({ pod: readyPod }));
    expect(opened.startedAt).toBe("2026-11-22T10:00:00.000Z");
    const running = skillPodFixture({}, opened);
    const later = statusOf(base({ skillPod: running, pod: readyPod, now: now + 90_000 }));
    expect(later.usage).toEqual({ closedSeconds: 0, runningSeconds: 90 });
    const stopped = statusOf(
      base({ skillPod: skillPodFixture({ state: "Stopped" }, later), now: now + 120_000 }),
    );
    expect(stopped.usage).toEqual({ closedSeconds: 120, runningSeconds: 120 });
    expect(stopped.stoppedAt).toBe("2026-11-22T10:02:00.000Z");
    const again = statusOf(
      base({ skillPod: skillPodFixture({}, stopped), pod: readyPod, now: now + 600_000 }),
    );
    expect(again.usage).toEqual({ closedSeconds: 120, runningSeconds: 120 });
    expect(again.startedAt).toBe("2026-11-22T10:10:00.000Z");
  });

  it("stamps conditions with the observed generation", () => {
    const status = statusOf(base({ pod: readyPod }));
    expect(status.observedGeneration).toBe(3);
    expect(status.conditions?.every((c) => c.observedGeneration === 3)).toBe(true);
    expect(status.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
  });
});
