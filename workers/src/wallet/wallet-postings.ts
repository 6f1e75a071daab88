// The wallet's own postings: a withdrawal leaves the platform from the freelancer's payable, and its saga
// compensation puts it back. Deposits use the ledger's deposit() posting.
import { payableOf, type LedgerAccountRef, type LedgerPosting } from "../ledger/index.js";

const external: LedgerAccountRef = { kind: "EXTERNAL", ownerRef: "world" };

type Withdrawal = { idempotencyKey: string; currency: string; freelancerId: string; amountMinor: number };

/** Payable → out of the platform, before the provider is asked to pay (so payable cannot be spent twice). */
export function withdrawal(input: Withdrawal): LedgerPosting {
  return {
    idempotencyKey: input.idempotencyKey,
    kind: "WITHDRAWAL",
    currency: input.currency,
    legs: [
      { account: payableOf(input.freelancerId), amountMinor: -input.amountMinor },
      { account: external, amountMinor: input.amountMinor },
    ],
  };
}

/** The provider declined the withdrawal: the money goes back into the freelancer's payable. */
export function reverseWithdrawal(input: Withdrawal): LedgerPosting {
  return {
    idempotencyKey: input.idempotencyKey,
    kind: "REVERSE_WITHDRAWAL",
    currency: input.currency,
    legs: [
      { account: external, amountMinor: -input.amountMinor },
      { account: payableOf(input.freelancerId), amountMinor: input.amountMinor },
    ],
  };
}
