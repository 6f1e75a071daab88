import type { Tone } from "../../../../components/ui";

// The API's state names in the product's words, with the badge tone each gets.
const contractStateWords: Record<string, [string, Tone]> = {
  offer: ["Offer", "info"],
  active: ["Active", "accent"],
  completed: ["Completed", "ok"],
  cancelled: ["Cancelled", "warn"],
};

const milestoneStateWords: Record<string, [string, Tone]> = {
  pending: ["Not funded", "info"],
  funded: ["Funded", "accent"],
  in_progress: ["In progress", "accent"],
  submitted: ["Submitted", "warn"],
  changes_requested: ["Changes requested", "warn"],
  approved: ["Approved", "ok"],
  disputed: ["Disputed", "danger"],
  refunded: ["Refunded", "info"],
  cancelled: ["Cancelled", "info"],
};

const payoutStateWords: Record<string, [string, Tone]> = {
  none: ["No payout yet", "info"],
  running: ["Payout on its way", "accent"],
  paused: ["Payout paused", "warn"],
  paid: ["Paid out", "ok"],
  failed: ["Payout failed", "danger"],
  RELEASED: ["On its way", "accent"],
  PAID: ["Paid out", "ok"],
  COMPENSATED: ["Reversed", "danger"],
  HELD: ["Held for review", "warn"],
};

function wordsOf(table: Record<string, [string, Tone]>, state: string): { text: string; tone: Tone } {
  const [text, tone] = table[state] ?? [state.replaceAll("_", " "), "info"];
  return { text, tone };
}

export const contractStateOf = (state: string): { text: string; tone: Tone } =>
  wordsOf(contractStateWords, state);
export const milestoneStateOf = (state: string): { text: string; tone: Tone } =>
  wordsOf(milestoneStateWords, state);
export const payoutStateOf = (state: string): { text: string; tone: Tone } =>
  wordsOf(payoutStateWords, state);
