// The compute budget (spec.budget): running time the contract funded. Pure decisions, so tests move the clock.
import type { SkillPod } from "@skillpod/api";
import { skillPodConditionTypes, stoppedReasonAnnotation } from "@skillpod/api";
import type { Logger } from "pino";
import type { EventRecorder } from "../runtime/index.js";
import type { ConditionInput } from "./conditions.js";

export const budgetExhaustedReason = "BudgetExhausted";

export type BudgetDecision = {
  runningSeconds: number;
  warnSeconds: number;
  /** Running time used: closed sessions plus the open one, to the millisecond (status.usage moves in steps). */
  usedMs: number;
  /** It wants to run and is within warnSeconds of the end (or past it). */
  warning: boolean;
  /** Used up: no Pod may run until the budget is raised. */
  exhausted: boolean;
  /** It wants to run with its budget used: the operator stops it. */
  stop: boolean;
  /** When the warning or the end is due (ms from now), if it runs from now on; undefined when neither is. */
  nextDueMs: number | undefined;
};

const defaultWarnSeconds = 600;

/** The open session's start (the Pod turned ready and has not gone since), in ms. */
function openSessionStart(skillPod: SkillPod): number | undefined {
  const { startedAt, stoppedAt } = skillPod.status ?? {};
  if (startedAt === undefined || (stoppedAt !== undefined && stoppedAt >= startedAt)) return undefined;
  const start = Date.parse(startedAt);
  return Number.isNaN(start) ? undefined : start;
}

export function usedMs(skillPod: SkillPod, now: number): number {
  const closed = (skillPod.status?.usage?.closedSeconds ?? 0) * 1000;
  const start = openSessionStart(skillPod);
  return closed + (start === undefined ? 0 : Math.max(0, now - start));
}

function firstDue(...values: number[]): number | undefined {
  const due = values.filter((v) => v > 0);
  return due.length > 0 ? Math.min(...due) : undefined;
}

/**
 * The budget at `now`, or undefined without spec.budget. `wantsToRun`: spec.state Running and not expired.
 * Before a session opens the clock is not running yet, so the due time is the earliest it can be: a reconcile
 * then is early at worst, never late.
 */
export function decideBudget(
  skillPod: SkillPod,
  wantsToRun: boolean,
  now: number,
): BudgetDecision | undefined {
  const budget = skillPod.spec.budget;
  if (!budget) return undefined;
  const runningSeconds = budget.runningSeconds;
  const warnSeconds = budget.warnSeconds ?? defaultWarnSeconds;
  const used = usedMs(skillPod, now);
  const endMs = runningSeconds * 1000 - used;
  const warnMs = endMs - warnSeconds * 1000;
  const exhausted = endMs <= 0;
  return {
    runningSeconds,
    warnSeconds,
    usedMs: used,
    warning: wantsToRun && warnMs <= 0,
    exhausted,
    stop: wantsToRun && exhausted,
    nextDueMs: wantsToRun ? firstDue(warnMs, endMs) : undefined,
  };
}

/** The sooner of the lifecycle's due time and the budget's. */
export function soonerDue(
  lifecycleDueMs: number | undefined,
  budget: BudgetDecision | undefined,
): number | undefined {
  const due = [lifecycleDueMs, budget?.nextDueMs].filter((v): v is number => v !== undefined);
  return due.length > 0 ? Math.min(...due) : undefined;
}

/** Stopped because the budget is used and still used: what Ready says while no Pod runs. */
export function stoppedForBudget(skillPod: SkillPod, budget: BudgetDecision | undefined): boolean {
  return (
    budget?.exhausted === true &&
    skillPod.metadata?.annotations?.[stoppedReasonAnnotation] === budgetExhaustedReason
  );
}

// Messages name the budget, not the time left: a message that moved every second would rewrite status as often.
function warningCondition(budget: BudgetDecision): ConditionInput {
  const type = skillPodConditionTypes.budgetWarning;
  const of = `compute budget of ${budget.runningSeconds}s`;
  if (budget.warning) {
    return {
      type,
      status: "True",
      reason: budget.exhausted ? budgetExhaustedReason : "BudgetLow",
      message: budget.exhausted
        ? `The ${of} is used: the workspace stops`
        : `Less than ${budget.warnSeconds}s of the ${of} is left`,
    };
  }
  return {
    type,
    status: "False",
    reason: budget.exhausted ? budgetExhaustedReason : "BudgetAvailable",
    message: budget.exhausted
      ? `The ${of} is used; the workspace can start again once it is raised`
      : `More than ${budget.warnSeconds}s of the ${of} is left, or the workspace is not running`,
  };
}

/**
 * BudgetWarning, or nothing for a SkillPod that never had a budget; one whose budget was removed says so
 * instead of keeping a stale warning. A pass that decided nothing about the budget (finalizing, halted on a
 * problem) leaves the condition as it was.
 */
export function budgetCondition(
  budget: BudgetDecision | undefined,
  skillPod: SkillPod,
): ConditionInput | undefined {
  if (budget) return warningCondition(budget);
  if (skillPod.spec.budget) return undefined;
  const existing = skillPod.status?.conditions;
  const had = existing?.some((c) => c.type === skillPodConditionTypes.budgetWarning) ?? false;
  return had
    ? {
        type: skillPodConditionTypes.budgetWarning,
        status: "False",
        reason: "NoBudget",
        message: "No compute budget is set",
      }
    : undefined;
}

export type BudgetStopDeps = {
  stop: (skillPod: SkillPod, reason: string) => Promise<unknown>;
  events: EventRecorder;
  log: Logger;
};

/** Stops a SkillPod whose budget is used, as the idle stop does; the owner may start it once it is raised. */
export async function stopForBudget(
  deps: BudgetStopDeps,
  skillPod: SkillPod,
  budget: BudgetDecision,
): Promise<void> {
  const { name, namespace } = skillPod.metadata ?? {};
  await deps.stop(skillPod, budgetExhaustedReason);
  const message = `Stopped SkillPod ${name}: its compute budget of ${budget.runningSeconds}s is used`;
  await deps.events.record(skillPod, "Warning", budgetExhaustedReason, message);
  deps.log.info({ skillPod: name, namespace, usedSeconds: Math.floor(budget.usedMs / 1000) }, message);
}
