import type { Money } from "../../../../../lib/money";

type MilestoneMoney = { state: string; amount: Money };

export type MoneySummary = { notFunded: number; inEscrow: number; released: number; refunded: number };

const escrowStates = new Set(["funded", "in_progress", "submitted", "changes_requested", "disputed"]);

/** Where a contract's money is, by milestone state: not funded, held in escrow, released (approved), refunded. */
export function moneySummaryOf(milestones: MilestoneMoney[]): MoneySummary {
  const sum: MoneySummary = { notFunded: 0, inEscrow: 0, released: 0, refunded: 0 };
  for (const m of milestones) {
    if (m.state === "pending") sum.notFunded += m.amount.amountMinor;
    else if (escrowStates.has(m.state)) sum.inEscrow += m.amount.amountMinor;
    else if (m.state === "approved") sum.released += m.amount.amountMinor;
    else if (m.state === "refunded") sum.refunded += m.amount.amountMinor;
  }
  return sum;
}
