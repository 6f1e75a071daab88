import { describe, expect, it } from "vitest";
import { durationText, secondsOf, usageBars, type ContractUsage } from "./usage-bars";

const usage: ContractUsage = {
  contractId: "c1",
  from: "2026-11-02",
  to: "2026-11-03",
  totalSeconds: 9000,
  days: [
    { date: "2026-11-02", runningSeconds: 1800, skillPods: [{ name: "ws-a", runningSeconds: 1800 }] },
    {
      date: "2026-11-03",
      runningSeconds: 7200,
      skillPods: [
        { name: "ws-a", runningSeconds: 5400 },
        { name: "ws-b", runningSeconds: 1800 },
      ],
    },
  ],
};

describe("usageBars", () => {
  it("gives one bar a day in hours, for one SkillPod or the whole contract", () => {
    expect(usageBars(usage, "ws-a")).toEqual([
      { label: "2 Nov", value: 0.5 },
      { label: "3 Nov", value: 1.5 },
    ]);
    expect(usageBars(usage, "ws-b").map((b) => b.value)).toEqual([0, 0.5]);
    expect(usageBars(usage).map((b) => b.value)).toEqual([0.5, 2]);
  });
});

describe("secondsOf and durationText", () => {
  it("adds one SkillPod's days and says it in hours and minutes", () => {
    expect(secondsOf(usage, "ws-a")).toBe(7200);
    expect(durationText(7200)).toBe("2 h 00 min");
    expect(durationText(7500)).toBe("2 h 05 min");
    expect(durationText(2700)).toBe("45 min");
    expect(durationText(0)).toBe("0 min");
  });
});
