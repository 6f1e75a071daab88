// Turning a SkillPod's cumulative running time into usage records: pure, so it is tested without a stack.
import type { SkillPod, SkillPodStatus } from "@skillpod/api";
import { isoWeekStart, weekMs } from "./invoice-math.js";

function parseTime(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The operator's session clock: a session is open while startedAt is later than stoppedAt (or alone). */
function openSessionStart(status: SkillPodStatus): number | undefined {
  const started = parseTime(status.startedAt);
  const stopped = parseTime(status.stoppedAt);
  if (started === undefined) return undefined;
  return stopped === undefined || stopped < started ? started : undefined;
}

/**
 * Cumulative running seconds of a SkillPod at `nowMs`. status.usage.runningSeconds only moves when the
 * operator refreshes it (every OPERATOR_USAGE_REFRESH_SECONDS, rounded down to that step), so it lags by up
 * to one refresh. The status also carries what the operator derives it from — closedSeconds plus the open
 * session since startedAt — so the open session is counted up to now, exactly as the operator will count it
 * at its next refresh. Never less than what the operator already reported.
 */
export function cumulativeRunningSeconds(status: SkillPodStatus | undefined, nowMs: number): number {
  const reported = status?.usage?.runningSeconds ?? 0;
  const open = status ? openSessionStart(status) : undefined;
  if (open === undefined) return reported;
  const live = (status?.usage?.closedSeconds ?? 0) + Math.max(0, Math.floor((nowMs - open) / 1000));
  return Math.max(reported, live);
}

/**
 * Where a SkillPod's first usage period starts. Without closed sessions all its time lies in the open (or
 * only) session, which began at startedAt; otherwise it cannot have run before it was created.
 */
export function meteringOrigin(skillPod: SkillPod, nowMs: number): number {
  const status = skillPod.status;
  const started = parseTime(status?.startedAt);
  const created = parseTime(skillPod.metadata?.creationTimestamp);
  const origin = (status?.usage?.closedSeconds ?? 0) === 0 && started !== undefined ? started : created;
  return Math.min(origin ?? nowMs, nowMs);
}

export type UsageDelta = {
  /** Seconds to record now. */
  deltaSeconds: number;
  /** The cursor's next value. */
  cursorSeconds: number;
  /** The cumulative value went below the cursor: nothing is recorded and the cursor follows it down. */
  regressed: boolean;
};

/**
 * What is new since the cursor. A cumulative value below the cursor should not happen (a recreated object
 * has a new uid, so a new cursor) but status can be rewritten by hand or restored from a backup: then
 * nothing is billed and the cursor restarts from the lower value, so later growth is billed again.
 */
export function usageDelta(cumulativeSeconds: number, cursorSeconds: number): UsageDelta {
  if (cumulativeSeconds < cursorSeconds) {
    return { deltaSeconds: 0, cursorSeconds: cumulativeSeconds, regressed: true };
  }
  return {
    deltaSeconds: cumulativeSeconds - cursorSeconds,
    cursorSeconds: cumulativeSeconds,
    regressed: false,
  };
}

export type UsageSegment = { periodStart: number; periodEnd: number; seconds: number };

/**
 * Splits a period's running seconds at ISO week boundaries, in proportion to the wall-clock time each week
 * holds, so that a period spanning Monday 00:00 UTC bills each week its share. The shares are differences of
 * rounded-down running totals: integers that add up to `seconds` exactly. Every segment starts inside the
 * week it belongs to; segments that get no seconds are left out.
 */
export function splitAcrossWeeks(startMs: number, endMs: number, seconds: number): UsageSegment[] {
  const start = Math.min(startMs, endMs);
  const total = BigInt(endMs - start);
  if (total === 0n) return seconds > 0 ? [{ periodStart: start, periodEnd: endMs, seconds }] : [];
  const segments: UsageSegment[] = [];
  let allocated = 0;
  for (let from = start; from < endMs;) {
    const to = Math.min(isoWeekStart(from) + weekMs, endMs);
    // BigInt: seconds × milliseconds overflows 2^53 for long periods.
    const upTo = Number((BigInt(seconds) * BigInt(to - start)) / total);
    if (upTo > allocated) segments.push({ periodStart: from, periodEnd: to, seconds: upTo - allocated });
    allocated = upTo;
    from = to;
  }
  return segments;
}
