import { describe, expect, it } from "vitest";
import { classFixture, skillPodFixture } from "./fixtures.test-support.js";
import { decideLifecycle, idlePolicy, lastActivity } from "./lifecycle.js";

const t0 = Date.parse("2026-11-22T10:00:00Z");
const policy = { timeoutSeconds: 1800, warnSeconds: 300 };

describe("lifecycle decisions", () => {
  it("warns in the last warnSeconds and stops after the timeout", () => {
    const s = skillPodFixture();
    expect(decideLifecycle(s, policy, t0, t0 + 1_000_000)).toMatchObject({
      idleWarning: false,
      idleStop: false,
    });
    expect(decideLifecycle(s, policy, t0, t0 + 1_600_000)).toMatchObject({
      idleWarning: true,
      idleStop: false,
    });
    expect(decideLifecycle(s, policy, t0, t0 + 1_800_000)).toMatchObject({
      idleWarning: false,
      idleStop: true,
    });
  });

  it("schedules the next reconcile at the next transition", () => {
    const s = skillPodFixture({ expiresAt: "2026-11-22T10:10:00Z" });
    expect(decideLifecycle(s, policy, t0, t0).nextDueMs).toBe(600_000);
    expect(decideLifecycle(skillPodFixture(), policy, t0, t0).nextDueMs).toBe(1_500_000);
  });

  it("expires at expiresAt and judges a stopped SkillPod never idle", () => {
    const s = skillPodFixture({ expiresAt: "2026-11-22T10:00:00Z" });
    expect(decideLifecycle(s, policy, t0 - 3_600_000, t0)).toMatchObject({ expired: true, idleStop: false });
    expect(decideLifecycle(skillPodFixture({ state: "Stopped" }), policy, 0, t0).idleStop).toBe(false);
  });

  it("takes the later of reported activity and session start", () => {
    const s = skillPodFixture({}, { startedAt: "2026-11-22T10:00:00Z" });
    expect(lastActivity(s, t0 - 60_000)).toBe(t0);
    expect(lastActivity(s, t0 + 60_000)).toBe(t0 + 60_000);
  });

  it("judges nothing idle between a stop and the next session's start", () => {
    const closed = skillPodFixture(
      {},
      { startedAt: "2026-11-22T09:00:00Z", stoppedAt: "2026-11-22T09:40:00Z" },
    );
    expect(lastActivity(closed, t0 - 3_600_000)).toBeUndefined();
    expect(decideLifecycle(closed, policy, lastActivity(closed, t0 - 3_600_000), t0).idleStop).toBe(false);
    const reopened = skillPodFixture(
      {},
      { startedAt: "2026-11-22T10:00:00Z", stoppedAt: "2026-11-22T09:40:00Z" },
    );
    expect(lastActivity(reopened, t0 - 3_600_000)).toBe(t0);
  });

  it("prefers the SkillPod's idle policy over the class's", () => {
    const s = skillPodFixture({ idle: { timeoutSeconds: 600 } });
    expect(idlePolicy(s, classFixture({ idle: { timeoutSeconds: 900, warnSeconds: 120 } }))).toEqual({
      timeoutSeconds: 600,
      warnSeconds: 120,
    });
  });
});
