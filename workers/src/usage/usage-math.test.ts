import type { SkillPod, SkillPodStatus } from "@skillpod/api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoWeekStart, weekMs } from "./invoice-math.js";
import { cumulativeRunningSeconds, meteringOrigin, splitAcrossWeeks, usageDelta } from "./usage-math.js";

const at = (iso: string): number => Date.parse(iso);
const now = at("2026-11-25T12:00:00Z");

describe("cumulativeRunningSeconds", () => {
  it("is zero for a SkillPod that never ran", () => {
    expect(cumulativeRunningSeconds(undefined, now)).toBe(0);
    expect(cumulativeRunningSeconds({ phase: "Pending" }, now)).toBe(0);
  });

  it("takes a closed session's total as the operator recorded it", () => {
    const status: SkillPodStatus = {
      startedAt: "2026-11-25T10:00:00Z",
      stoppedAt: "2026-11-25T11:00:00Z",
      usage: { closedSeconds: 4000, runningSeconds: 4000 },
    };
    expect(cumulativeRunningSeconds(status, now)).toBe(4000);
  });

  it("counts the open session up to now, not only up to the operator's last refresh", () => {
    const status: SkillPodStatus = {
      startedAt: "2026-11-25T11:50:00Z",
      stoppedAt: "2026-11-25T11:00:00Z",
      // refreshed in 300 s steps: 5 of the 10 minutes so far
      usage: { closedSeconds: 4000, runningSeconds: 4300 },
    };
    expect(cumulativeRunningSeconds(status, now)).toBe(4600);
    expect(cumulativeRunningSeconds({ ...status, stoppedAt: undefined }, now + 999)).toBe(4600);
  });

  it("never answers less than the operator reported", () => {
    const status: SkillPodStatus = {
      startedAt: "2026-11-25T12:00:10Z", // the operator's clock runs ahead of ours
      usage: { closedSeconds: 100, runningSeconds: 160 },
    };
    expect(cumulativeRunningSeconds(status, now)).toBe(160);
  });
});

describe("meteringOrigin", () => {
  const skillPod = (status?: SkillPodStatus): SkillPod => ({
    apiVersion: "skillpod.dev/v1alpha1",
    kind: "SkillPod",
    metadata: { name: "a", creationTimestamp: "2026-11-20T09:00:00Z" as unknown as Date },
    spec: { className: "c", owner: { userId: "u" } },
    status,
  });

  it("starts at the first session when there is only one", () => {
    const origin = meteringOrigin(skillPod({ startedAt: "2026-11-24T08:00:00Z" }), now);
    expect(origin).toBe(at("2026-11-24T08:00:00Z"));
  });

  it("starts at creation once sessions have closed, or before any session", () => {
    const closed = { startedAt: "2026-11-24T08:00:00Z", usage: { closedSeconds: 60, runningSeconds: 90 } };
    expect(meteringOrigin(skillPod(closed), now)).toBe(at("2026-11-20T09:00:00Z"));
    expect(meteringOrigin(skillPod(), now)).toBe(at("2026-11-20T09:00:00Z"));
  });

  it("is never in the future", () => {
    expect(meteringOrigin(skillPod({ startedAt: "2026-11-26T00:00:00Z" }), now)).toBe(now);
  });
});

describe("usageDelta", () => {
  it("records what is new since the cursor", () => {
    expect(usageDelta(150, 100)).toEqual({ deltaSeconds: 50, cursorSeconds: 150, regressed: false });
    expect(usageDelta(100, 100)).toEqual({ deltaSeconds: 0, cursorSeconds: 100, regressed: false });
  });

  it("records nothing and resets the cursor when the cumulative value goes down", () => {
    expect(usageDelta(30, 100)).toEqual({ deltaSeconds: 0, cursorSeconds: 30, regressed: true });
  });

  it("adds up to the growth of any sequence, counting nothing twice", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 30 }), (values) => {
        let cursor = 0;
        let recorded = 0;
        let growth = 0;
        let previous = 0;
        for (const value of values) {
          const step = usageDelta(value, cursor);
          expect(step.deltaSeconds).toBeGreaterThanOrEqual(0);
          expect(step.cursorSeconds).toBe(value);
          recorded += step.deltaSeconds;
          growth += Math.max(0, value - previous);
          cursor = step.cursorSeconds;
          previous = value;
        }
        expect(recorded).toBe(growth);
      }),
    );
  });
});

describe("splitAcrossWeeks", () => {
  it("keeps a period inside one week whole", () => {
    const start = at("2026-11-24T10:00:00Z");
    const end = at("2026-11-24T11:00:00Z");
    expect(splitAcrossWeeks(start, end, 3600)).toEqual([
      { periodStart: start, periodEnd: end, seconds: 3600 },
    ]);
  });

  it("splits at Monday 00:00 UTC in proportion to wall-clock time", () => {
    const monday = at("2026-11-23T00:00:00Z");
    const segments = splitAcrossWeeks(monday - 3_600_000, monday + 1_800_000, 900);
    expect(segments).toEqual([
      { periodStart: monday - 3_600_000, periodEnd: monday, seconds: 600 },
      { periodStart: monday, periodEnd: monday + 1_800_000, seconds: 300 },
    ]);
  });

  it("leaves out weeks that get no seconds, and zero-second periods entirely", () => {
    const monday = at("2026-11-23T00:00:00Z");
    expect(splitAcrossWeeks(monday - 1000, monday + 9_000_000, 1)).toEqual([
      { periodStart: monday, periodEnd: monday + 9_000_000, seconds: 1 },
    ]);
    expect(splitAcrossWeeks(monday, monday + 5000, 0)).toEqual([]);
    expect(splitAcrossWeeks(monday, monday, 7)).toEqual([
      { periodStart: monday, periodEnd: monday, seconds: 7 },
    ]);
  });

  it("gives every second to exactly one week, each week close to its share", () => {
    const input = fc.record({
      start: fc.integer({ min: at("2020-01-01T00:00:00Z"), max: at("2030-01-01T00:00:00Z") }),
      length: fc.integer({ min: 1, max: 40 * 86_400_000 }),
      seconds: fc.integer({ min: 0, max: 50_000_000 }),
    });
    fc.assert(
      fc.property(input, ({ start, length, seconds }) => {
        const end = start + length;
        const segments = splitAcrossWeeks(start, end, seconds);
        expect(segments.reduce((sum, s) => sum + s.seconds, 0)).toBe(seconds);
        let from = start;
        for (const s of segments) {
          expect(s.seconds).toBeGreaterThan(0);
          expect(s.periodStart).toBeGreaterThanOrEqual(from);
          expect(s.periodEnd).toBeGreaterThan(s.periodStart);
          expect(s.periodEnd).toBeLessThanOrEqual(end);
          expect(isoWeekStart(s.periodEnd - 1)).toBe(isoWeekStart(s.periodStart));
          expect(s.periodEnd - isoWeekStart(s.periodStart)).toBeLessThanOrEqual(weekMs);
          const share = (seconds * (s.periodEnd - s.periodStart)) / length;
          expect(Math.abs(s.seconds - share)).toBeLessThan(1.000001);
          from = s.periodEnd;
        }
      }),
    );
  });
});
