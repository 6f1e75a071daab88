import type { Tone } from "../ui";
import type { Billing, Category, Duration, OfferState, ProposalState } from "./types";

// The words the portal shows for the API's enum values: one place, so every page says the same thing.

export const categories: [Category, string][] = [
  ["web-development", "Web development"],
  ["backend", "Back end"],
  ["devops", "DevOps"],
  ["data", "Data"],
  ["mobile", "Mobile"],
  ["design", "Design"],
  ["writing", "Writing"],
  ["security", "Security"],
];

export const durations: [Duration, string][] = [
  ["LESS_THAN_WEEK", "Less than a week"],
  ["LESS_THAN_MONTH", "Less than a month"],
  ["ONE_TO_THREE_MONTHS", "One to three months"],
  ["MORE_THAN_THREE_MONTHS", "More than three months"],
];

export const billings: [Billing, string][] = [
  ["FIXED", "Fixed price"],
  ["HOURLY", "Hourly"],
];

export const availabilities: [string, string][] = [
  ["FULL_TIME", "Full time"],
  ["PART_TIME", "Part time"],
  ["NOT_AVAILABLE", "Not available"],
];

function labelIn(list: [string, string][], value: string): string {
  return list.find(([v]) => v === value)?.[1] ?? value;
}

export const categoryLabel = (value: string): string => labelIn(categories, value);
export const durationLabel = (value: string): string => labelIn(durations, value);
export const billingLabel = (value: string): string => labelIn(billings, value);
export const availabilityLabel = (value: string): string => labelIn(availabilities, value);

export const jobStates: Record<string, { text: string; tone: Tone }> = {
  DRAFT: { text: "Draft", tone: "info" },
  OPEN: { text: "Open", tone: "ok" },
  CLOSED: { text: "Closed", tone: "warn" },
  FILLED: { text: "Filled", tone: "accent" },
};

export const proposalStates: Record<ProposalState, { text: string; tone: Tone }> = {
  SUBMITTED: { text: "Submitted", tone: "info" },
  SHORTLISTED: { text: "Shortlisted", tone: "accent" },
  ARCHIVED: { text: "Archived", tone: "warn" },
  DECLINED: { text: "Declined", tone: "danger" },
  WITHDRAWN: { text: "Withdrawn", tone: "warn" },
  HIRED: { text: "Hired", tone: "ok" },
};

export const offerStates: Record<OfferState, { text: string; tone: Tone }> = {
  PENDING: { text: "Waiting for an answer", tone: "accent" },
  ACCEPTED: { text: "Accepted", tone: "ok" },
  DECLINED: { text: "Declined", tone: "danger" },
  EXPIRED: { text: "Expired", tone: "warn" },
  WITHDRAWN: { text: "Withdrawn", tone: "warn" },
};
