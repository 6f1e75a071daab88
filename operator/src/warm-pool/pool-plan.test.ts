import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { fitAnnotation } from "./pool-member.js";
import { planPool } from "./pool-plan.js";

const pod = (name: string, fit: string, ready = true, phase = "Running"): V1Pod => ({
  metadata: { name, annotations: { [fitAnnotation]: fit } },
  status: { phase, conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});
const names = (pods: V1Pod[]): string[] => pods.map((p) => p.metadata?.name ?? "");

describe("planPool", () => {
  it("fills an empty pool to its size", () => {
    expect(planPool([], 3, "f1", 0)).toMatchObject({ create: 3, remove: [], ready: 0, starting: 0 });
  });

  it("counts Pods made a moment ago that the watch has not shown, so a lagging cache does not overfill", () => {
    expect(planPool([pod("a", "f1")], 3, "f1", 2)).toMatchObject({ create: 0, ready: 1, starting: 2 });
  });

  it("replaces Pods built from an older class spec and failed ones", () => {
    const plan = planPool(
      [pod("old", "f0"), pod("dead", "f1", false, "Failed"), pod("ok", "f1")],
      2,
      "f1",
      0,
    );
    expect(names(plan.remove)).toEqual(["old", "dead"]);
    expect(plan.create).toBe(1);
  });

  it("shrinks by removing the least ready first", () => {
    const plan = planPool([pod("r1", "f1"), pod("s1", "f1", false), pod("r2", "f1")], 1, "f1", 0);
    expect(names(plan.remove)).toEqual(["r2", "s1"]);
    expect(plan).toMatchObject({ create: 0, ready: 1, starting: 0 });
  });

  it("empties the pool of a class that is gone", () => {
    const plan = planPool([pod("a", "f1"), pod("b", "f1")], 0, undefined, 0);
    expect(names(plan.remove)).toEqual(["a", "b"]);
    expect(plan.create).toBe(0);
  });
});
