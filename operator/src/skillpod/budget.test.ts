import { describe, expect, it } from "vitest";
import { stoppedReasonAnnotation } from "@skillpod/api";
import { budgetCondition, decideBudget, soonerDue, stoppedForBudget, usedMs } from "./budget.js";
import { skillPodFixture } from "./fixtures.test-support.js";
import { statusOf } from "./status.js";

const t0 = Date.parse("2026-11-22T10:00:00Z");
const budget = { runningSeconds: 100, warnSeconds: 20 };
/** A session open since t0, after 30 s in earlier sessions. */
const running = skillPodFixture(
  { budget },
  { startedAt: "2026-11-22T10:00:00Z", usage: { closedSeconds: 30, runningSeconds: 30 } },
);

describe("compute budget decisions", () => {
  it("counts closed sessions plus the open one to the millisecond", () => {
    expect(usedMs(running, t0 + 12_345)).toBe(42_345);
    const closed = skillPodFixture(
      { budget },
      {
        startedAt: "2026-11-22T10:00:00Z",
        stoppedAt: "2026-11-22T10:01:00Z",
        usage: { closedSeconds: 90, runningSeconds: 90 },
      },
    );
    expect(usedMs(closed, t0 + 3_600_000)).toBe(90_000);
  });

  it("warns warnSeconds before the end and stops at the end", () => {
    expect(decideBudget(running, true, t0 + 49_999)).toMatchObject({ warning: false, stop: false });
    expect(decideBudget(running, true, t0 + 50_000)).toMatchObject({ warning: true, stop: false });
    expect(decideBudget(running, true, t0 + 70_000)).toMatchObject({
      warning: true,
      exhausted: true,
      stop: true,
    });
  });

  it("is due exactly at the warning, then at the end", () => {
    expect(decideBudget(running, true, t0)?.nextDueMs).toBe(50_000);
    expect(decideBudget(running, true, t0 + 60_000)?.nextDueMs).toBe(10_000);
    expect(soonerDue(30_000, decideBudget(running, true, t0))).toBe(30_000);
    expect(soonerDue(undefined, decideBudget(running, true, t0 + 60_000))).toBe(10_000);
  });

  it("is due no later than the earliest end while the session has not opened yet", () => {
    const starting = skillPodFixture({ budget }, { usage: { closedSeconds: 30, runningSeconds: 30 } });
    expect(decideBudget(starting, true, t0)?.nextDueMs).toBe(50_000);
  });

  it("neither warns nor stops what does not want to run, and is not due then", () => {
    expect(decideBudget(running, false, t0 + 80_000)).toMatchObject({
      warning: false,
      exhausted: true,
      stop: false,
      nextDueMs: undefined,
    });
  });

  it("stops at once a SkillPod started again while its budget is used, and runs after a raise", () => {
    const status = {
      startedAt: "2026-11-22T10:00:00Z",
      stoppedAt: "2026-11-22T10:01:12Z",
      usage: { closedSeconds: 102, runningSeconds: 102 },
    };
    expect(decideBudget(skillPodFixture({ budget }, status), true, t0 + 3_600_000)?.stop).toBe(true);
    const raised = skillPodFixture({ budget: { runningSeconds: 300, warnSeconds: 20 } }, status);
    expect(decideBudget(raised, true, t0 + 3_600_000)).toMatchObject({ stop: false, nextDueMs: 178_000 });
  });

  it("defaults the warning to 600 s and ignores SkillPods without a budget", () => {
    const long = skillPodFixture({ budget: { runningSeconds: 3600 } });
    expect(decideBudget(long, true, t0)).toMatchObject({ warnSeconds: 600, nextDueMs: 3_000_000 });
    expect(decideBudget(skillPodFixture(), true, t0)).toBeUndefined();
  });
});

describe("compute budget in status", () => {
  const stopped = (annotation: string | undefined): ReturnType<typeof skillPodFixture> => {
    const s = skillPodFixture(
      { budget, state: "Stopped" },
      {
        startedAt: "2026-11-22T10:00:00Z",
        stoppedAt: "2026-11-22T10:01:12Z",
        usage: { closedSeconds: 102, runningSeconds: 102 },
      },
    );
    if (annotation) s.metadata = { ...s.metadata, annotations: { [stoppedReasonAnnotation]: annotation } };
    return s;
  };

  it("says BudgetWarning True near the end and False with the reason otherwise", () => {
    expect(budgetCondition(decideBudget(running, true, t0 + 55_000), running)).toMatchObject({
      status: "True",
      reason: "BudgetLow",
    });
    expect(budgetCondition(decideBudget(running, true, t0), running)).toMatchObject({
      status: "False",
      reason: "BudgetAvailable",
    });
    const used = stopped("BudgetExhausted");
    expect(budgetCondition(decideBudget(used, false, t0 + 80_000), used)).toMatchObject({
      status: "False",
      reason: "BudgetExhausted",
    });
  });

  it("adds no condition without a budget, clears one whose budget was removed, and keeps one undecided", () => {
    expect(budgetCondition(undefined, skillPodFixture())).toBeUndefined();
    const had = [
      {
        type: "BudgetWarning",
        status: "True" as const,
        reason: "BudgetLow",
        message: "",
        lastTransitionTime: "2026-11-22T10:00:00Z",
      },
    ];
    expect(budgetCondition(undefined, skillPodFixture({}, { conditions: had }))).toMatchObject({
      status: "False",
      reason: "NoBudget",
    });
    expect(budgetCondition(undefined, skillPodFixture({ budget }, { conditions: had }))).toBeUndefined();
  });

  it("gives Ready the reason BudgetExhausted only while stopped for it and still used up", () => {
    const readyOf = (s: ReturnType<typeof skillPodFixture>): unknown => {
      const decision = decideBudget(s, false, t0 + 80_000);
      const status = statusOf({
        skillPod: s,
        now: t0 + 80_000,
        budget: decision,
        networkIsolated: true,
        streamPort: 6901,
      });
      return status.conditions?.find((c) => c.type === "Ready")?.reason;
    };
    expect(readyOf(stopped("BudgetExhausted"))).toBe("BudgetExhausted");
    expect(readyOf(stopped("Idle"))).toBe("Stopped");
    const raised = stopped("BudgetExhausted");
    raised.spec.budget = { runningSeconds: 500 };
    expect(readyOf(raised)).toBe("Stopped");
    expect(stoppedForBudget(raised, decideBudget(raised, false, t0))).toBe(false);
  });
});
