import { validationFailed } from "../errors/index.js";
import {
  storedWorkspaceTerms,
  workspaceTermsOf,
  type WorkspaceTerms,
  type WorkspaceTermsInput,
} from "../jobs/index.js";

// An offer's terms: what the proposal said, as the job's owner edited it. They are fixed here exactly as
// the contract will carry them (milestone ids included), so accepting copies them and decides nothing.

export type Money = { amountMinor: number; currency: string };
export type Billing = "FIXED" | "HOURLY";

/** computeSeconds: running time the milestone's workspace is funded for (fixed billing; hourly: the weekly cap). */
export type OfferMilestoneInput = {
  title: string;
  amount: Money;
  dueAt?: string | null;
  computeSeconds?: number;
};

/** What the job's owner may change from the proposal's terms (all optional). */
export type OfferInput = {
  title?: string;
  milestones?: OfferMilestoneInput[];
  billing?: Billing;
  hourlyRate?: Money;
  weeklyLimitMinutes?: number;
  workspaceTerms?: WorkspaceTermsInput;
  message?: string;
  expiresInSeconds?: number;
};

/** One milestone as offers.milestones holds it and ContractTerms carries it. */
export type OfferMilestone = {
  id: string;
  title: string;
  amountMinor: number;
  dueAt?: string;
  computeSeconds?: number;
};

export type OfferTerms = {
  title: string;
  currency: string;
  billing: Billing;
  hourlyRateMinor: number | null;
  weeklyLimitMinutes: number | null;
  milestones: OfferMilestone[];
  workspaceTerms: WorkspaceTerms;
  message: string;
  expiresAt: Date;
};

/** What the offer starts from: the job and the proposal it answers. */
export type OfferSource = {
  jobTitle: string;
  jobWorkspaceTerms: unknown;
  currency: string;
  milestones: { title: string; amountMinor: number; dueAt: Date | null }[];
};

type Problem = { field: string; message: string };

/** The contract's id for an offer: derived from it, so every accept of one offer names one contract. */
export const contractIdOf = (offerId: string): string => `c-${offerId}`;
export const milestoneIdOf = (offerId: string, position: number): string =>
  `${contractIdOf(offerId)}-m${position}`;

function milestoneProblems(milestones: OfferMilestoneInput[], now: Date): Problem[] {
  const currency = milestones[0]?.amount.currency;
  return milestones.flatMap((m, i) => {
    const at = `milestones.${i}`;
    const problems: Problem[] = [];
    if (m.title.trim() === "") problems.push({ field: `${at}.title`, message: "must not be blank" });
    if (m.amount.currency !== currency)
      problems.push({
        field: `${at}.amount.currency`,
        message: `must be the offer's one currency (${currency}, as milestones.0)`,
      });
    const due = m.dueAt ? new Date(m.dueAt) : undefined;
    if (due && !(due.getTime() > now.getTime()))
      problems.push({ field: `${at}.dueAt`, message: "must be a valid time in the future" });
    return problems;
  });
}

function billingProblems(input: OfferInput, currency: string): Problem[] {
  if (input.billing !== "HOURLY") {
    const extra = (["hourlyRate", "weeklyLimitMinutes"] as const).filter((f) => input[f] !== undefined);
    return extra.map((field) => ({ field, message: "is for hourly billing only (billing is FIXED)" }));
  }
  const problems: Problem[] = [];
  if (!input.hourlyRate) problems.push({ field: "hourlyRate", message: "is required for hourly billing" });
  else if (input.hourlyRate.currency !== currency)
    problems.push({ field: "hourlyRate.currency", message: `must be the offer's currency (${currency})` });
  if (input.weeklyLimitMinutes === undefined)
    problems.push({ field: "weeklyLimitMinutes", message: "is required for hourly billing" });
  return problems;
}

/** An hourly contract's workspace budget is its weekly cap: a milestone's own would be ignored. */
function computeProblems(input: OfferInput): Problem[] {
  if (input.billing !== "HOURLY") return [];
  return (input.milestones ?? []).flatMap((m, i) =>
    m.computeSeconds === undefined
      ? []
      : [
          {
            field: `milestones.${i}.computeSeconds`,
            message: "is for fixed billing only (hourly: the weekly limit)",
          },
        ],
  );
}

function scalarProblems(input: OfferInput, ttlSeconds: number): Problem[] {
  const problems: Problem[] = [];
  if (input.title !== undefined && input.title.trim() === "")
    problems.push({ field: "title", message: "must not be blank" });
  if (input.expiresInSeconds !== undefined && input.expiresInSeconds > ttlSeconds)
    problems.push({ field: "expiresInSeconds", message: `must be at most ${ttlSeconds}` });
  return problems;
}

function billingOf(
  input: OfferInput,
): Pick<OfferTerms, "billing" | "hourlyRateMinor" | "weeklyLimitMinutes"> {
  if (input.billing !== "HOURLY")
    return { billing: "FIXED", hourlyRateMinor: null, weeklyLimitMinutes: null };
  return {
    billing: "HOURLY",
    hourlyRateMinor: input.hourlyRate?.amountMinor ?? null,
    weeklyLimitMinutes: input.weeklyLimitMinutes ?? null,
  };
}

const expiryOf = (input: OfferInput, limits: { now: Date; ttlSeconds: number }): Date =>
  new Date(limits.now.getTime() + 1000 * (input.expiresInSeconds ?? limits.ttlSeconds));

function milestonesOf(offerId: string, input: OfferInput, source: OfferSource): OfferMilestone[] {
  const given = input.milestones?.map((m) => ({
    title: m.title.trim(),
    amountMinor: m.amount.amountMinor,
    dueAt: m.dueAt ? new Date(m.dueAt) : null,
    computeSeconds: m.computeSeconds,
  }));
  const milestones: (OfferSource["milestones"][number] & { computeSeconds?: number })[] =
    given ?? source.milestones;
  return milestones.map((m, i) => ({
    id: milestoneIdOf(offerId, i + 1),
    title: m.title,
    amountMinor: m.amountMinor,
    ...(m.dueAt ? { dueAt: m.dueAt.toISOString() } : {}),
    ...(m.computeSeconds === undefined ? {} : { computeSeconds: m.computeSeconds }),
  }));
}

/**
 * The offer's terms from its source and what the owner changed, or a 422 naming every field that breaks a
 * rule: one currency for all milestones and the hourly rate, hourly fields only (and both) when hourly,
 * due dates in the future, an expiry within the configured longest. Milestones kept from the proposal are
 * not held to the future (the proposal may be old); edited ones are.
 */
export function offerTerms(
  offerId: string,
  source: OfferSource,
  input: OfferInput,
  limits: { now: Date; ttlSeconds: number },
): OfferTerms {
  const currency = input.milestones?.[0]?.amount.currency ?? source.currency;
  const problems = [
    ...scalarProblems(input, limits.ttlSeconds),
    ...milestoneProblems(input.milestones ?? [], limits.now),
    ...billingProblems(input, currency),
    ...computeProblems(input),
  ];
  if (problems.length > 0) throw validationFailed(problems);
  return {
    title: input.title?.trim() ?? source.jobTitle,
    currency,
    ...billingOf(input),
    milestones: milestonesOf(offerId, input, source),
    workspaceTerms: workspaceTermsOf(input.workspaceTerms, storedWorkspaceTerms(source.jobWorkspaceTerms)),
    message: input.message?.trim() ?? "",
    expiresAt: expiryOf(input, limits),
  };
}
