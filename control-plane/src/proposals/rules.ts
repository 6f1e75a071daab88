import type { ContractBilling } from "../generated/prisma/enums.js";

export type Money = { amountMinor: number; currency: string };
export type MilestoneInput = { title: string; amount: Money; dueAt?: string | null };
export type ProposalInput = { coverLetter: string; bid: Money; milestones: MilestoneInput[] };
export type FieldProblem = { field: string; message: string };

/** What a proposal is checked against: the job's billing and currency. */
export type JobTerms = { billing: ContractBilling; currency: string };

const blank = (text: string): boolean => text.trim().length === 0;

/** A due date the schema let through can still be one JavaScript cannot place (a leap second: 23:59:60). */
function dueProblem(dueAt: string | null | undefined, now: Date): string | undefined {
  if (!dueAt) return undefined;
  const at = new Date(dueAt).getTime();
  if (Number.isNaN(at)) return "is not a date and time";
  return at <= now.getTime() ? "must be in the future" : undefined;
}

function milestoneProblems(milestones: MilestoneInput[], currency: string, now: Date): FieldProblem[] {
  return milestones.flatMap((milestone, i) => {
    const problems: FieldProblem[] = [];
    if (blank(milestone.title))
      problems.push({ field: `milestones.${i}.title`, message: "must not be blank" });
    if (milestone.amount.currency !== currency)
      problems.push({
        field: `milestones.${i}.amount.currency`,
        message: `must be the bid's currency (${currency})`,
      });
    const due = dueProblem(milestone.dueAt, now);
    if (due) problems.push({ field: `milestones.${i}.dueAt`, message: due });
    return problems;
  });
}

/**
 * What is wrong with a proposal for a job, as fields and messages (empty when nothing is): the bid in the
 * job's currency, milestones in the bid's currency and due in the future, and for fixed-price jobs
 * milestones that add up to the bid (hourly bids are a rate; their milestones are an estimate). Only the
 * milestones in `fresh` are checked for due dates: ones kept from an earlier version may have come due.
 */
export function proposalProblems(
  input: ProposalInput,
  job: JobTerms,
  now: Date,
  fresh: { milestones: boolean } = { milestones: true },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (blank(input.coverLetter)) problems.push({ field: "coverLetter", message: "must not be blank" });
  if (input.bid.currency !== job.currency)
    problems.push({ field: "bid.currency", message: `must be the job's currency (${job.currency})` });
  if (fresh.milestones) problems.push(...milestoneProblems(input.milestones, input.bid.currency, now));
  const sum = input.milestones.reduce((total, m) => total + m.amount.amountMinor, 0);
  if (job.billing === "FIXED" && sum !== input.bid.amountMinor)
    problems.push({
      field: "milestones",
      message: `must add up to the bid on a fixed-price job (${sum} ≠ ${input.bid.amountMinor})`,
    });
  return problems;
}
