import type { SkillPod, SkillPodClass } from "@skillpod/api";

export type IdlePolicy = { timeoutSeconds: number; warnSeconds: number };

export type LifecycleDecision = {
  /** Past expiresAt: no Pod, whatever spec.state says. */
  expired: boolean;
  /** Idle for longer than the timeout: the operator stops it (spec.state → Stopped). */
  idleStop: boolean;
  /** Within warnSeconds of the idle stop. */
  idleWarning: boolean;
  /** When the next time-based transition is due, if any (ms from now). */
  nextDueMs: number | undefined;
};

export function idlePolicy(skillPod: SkillPod, skillPodClass: SkillPodClass | undefined): IdlePolicy {
  const own = skillPod.spec.idle ?? {};
  const offered = skillPodClass?.spec.idle ?? {};
  return {
    timeoutSeconds: own.timeoutSeconds ?? offered.timeoutSeconds ?? 1800,
    warnSeconds: own.warnSeconds ?? offered.warnSeconds ?? 300,
  };
}

const ms = (iso: string | undefined): number | undefined => (iso ? Date.parse(iso) : undefined);

function sessionClosed(skillPod: SkillPod): boolean {
  const started = ms(skillPod.status?.startedAt);
  const stopped = ms(skillPod.status?.stoppedAt);
  return started !== undefined && stopped !== undefined && stopped >= started;
}

/**
 * The last sign of life: the gateway's activity report, or the session's start, whichever is later, so a
 * workspace restarted after an idle stop gets a full timeout before it is judged idle again.
 */
export function lastActivity(skillPod: SkillPod, reportedActivityAt: number | undefined): number | undefined {
  // Its last session closed (stopped, idle or by hand) and it is asked to run again: nothing is judged idle
  // until the new session opens, else a start after an idle stop is stopped again at once.
  if (sessionClosed(skillPod)) return undefined;
  const candidates = [reportedActivityAt, ms(skillPod.status?.startedAt)];
  const known = candidates.filter((t): t is number => t !== undefined && !Number.isNaN(t));
  return known.length > 0 ? Math.max(...known) : undefined;
}

function soonest(...values: (number | undefined)[]): number | undefined {
  const due = values.filter((v): v is number => v !== undefined && v > 0);
  return due.length > 0 ? Math.min(...due) : undefined;
}

/** Time-based decisions for one reconcile at `now`; pure so that tests can move the clock. */
export function decideLifecycle(
  skillPod: SkillPod,
  policy: IdlePolicy,
  activityAt: number | undefined,
  now: number,
): LifecycleDecision {
  const expiresAt = ms(skillPod.spec.expiresAt);
  const expired = expiresAt !== undefined && now >= expiresAt;
  const running = skillPod.spec.state !== "Stopped" && !expired;
  if (!running || activityAt === undefined) {
    return { expired, idleStop: false, idleWarning: false, nextDueMs: soonest(expiresAt && expiresAt - now) };
  }
  const stopAt = activityAt + policy.timeoutSeconds * 1000;
  const warnAt = stopAt - policy.warnSeconds * 1000;
  return {
    expired,
    idleStop: now >= stopAt,
    idleWarning: now >= warnAt && now < stopAt,
    nextDueMs: soonest(expiresAt && expiresAt - now, warnAt - now, stopAt - now),
  };
}
