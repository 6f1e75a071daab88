// The platform's money movements, each one balanced posting. Where money enters or leaves the platform the
// other side is the EXTERNAL account of the currency (the only one allowed below zero).
import type { LedgerAccountRef, LedgerPosting } from "./ledger.js";

const external: LedgerAccountRef = { kind: "EXTERNAL", ownerRef: "world" };
const platformFees: LedgerAccountRef = { kind: "PLATFORM_FEES", ownerRef: "platform" };
export const walletOf = (clientId: string): LedgerAccountRef => ({
  kind: "CLIENT_WALLET",
  ownerRef: clientId,
});
export const escrowOf = (contractId: string): LedgerAccountRef => ({ kind: "ESCROW", ownerRef: contractId });
export const payableOf = (freelancerId: string): LedgerAccountRef => ({
  kind: "FREELANCER_PAYABLE",
  ownerRef: freelancerId,
});

/** The platform fee of a gross amount: basis points, rounded down, in integer arithmetic. */
export function platformFee(grossMinor: number, feeBps: number): number {
  if (!Number.isSafeInteger(grossMinor) || grossMinor <= 0) throw new RangeError(`bad gross ${grossMinor}`);
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > 10_000) throw new RangeError(`bad fee ${feeBps}`);
  return Number((BigInt(grossMinor) * BigInt(feeBps)) / 10_000n);
}

type Key = { idempotencyKey: string; currency: string };
type MilestoneMoney = Key & { contractId: string; milestoneId: string; amountMinor: number };

/** A client's card charge or bank transfer arrived in their wallet. */
export function deposit(input: Key & { clientId: string; amountMinor: number }): LedgerPosting {
  return {
    idempotencyKey: input.idempotencyKey,
    kind: "DEPOSIT",
    currency: input.currency,
    legs: [
      { account: external, amountMinor: -input.amountMinor },
      { account: walletOf(input.clientId), amountMinor: input.amountMinor },
    ],
  };
}

/** Wallet → the contract's escrow. Fails with insufficient funds when the wallet can't cover it. */
export function fundEscrow(input: MilestoneMoney & { clientId: string }): LedgerPosting {
  return {
    ...milestoneRef("FUND_ESCROW", input),
    legs: [
      { account: walletOf(input.clientId), amountMinor: -input.amountMinor },
      { account: escrowOf(input.contractId), amountMinor: input.amountMinor },
    ],
  };
}

/** Escrow → wallet: a cancelled contract's or a lost dispute's milestone. */
export function refundEscrow(input: MilestoneMoney & { clientId: string }): LedgerPosting {
  return {
    ...milestoneRef("REFUND_ESCROW", input),
    legs: [
      { account: escrowOf(input.contractId), amountMinor: -input.amountMinor },
      { account: walletOf(input.clientId), amountMinor: input.amountMinor },
    ],
  };
}

type Release = MilestoneMoney & { freelancerId: string; feeMinor: number };

/** Escrow → freelancer payable, with the platform's fee split off. */
export function releaseEscrow(input: Release): LedgerPosting {
  return {
    ...milestoneRef("RELEASE_ESCROW", input),
    legs: withoutZeroLegs([
      { account: escrowOf(input.contractId), amountMinor: -input.amountMinor },
      { account: payableOf(input.freelancerId), amountMinor: input.amountMinor - input.feeMinor },
      { account: platformFees, amountMinor: input.feeMinor },
    ]),
  };
}

/** The saga's compensation of releaseEscrow: everything back into escrow. */
export function reverseRelease(input: Release): LedgerPosting {
  return {
    ...milestoneRef("REVERSE_RELEASE", input),
    legs: withoutZeroLegs([
      { account: payableOf(input.freelancerId), amountMinor: -(input.amountMinor - input.feeMinor) },
      { account: platformFees, amountMinor: -input.feeMinor },
      { account: escrowOf(input.contractId), amountMinor: input.amountMinor },
    ]),
  };
}

/** Payable → out of the platform: the provider has paid the freelancer `amountMinor` (the net). */
export function settlePayout(input: MilestoneMoney & { freelancerId: string }): LedgerPosting {
  return {
    ...milestoneRef("PAYOUT", input),
    legs: [
      { account: payableOf(input.freelancerId), amountMinor: -input.amountMinor },
      { account: external, amountMinor: input.amountMinor },
    ],
  };
}

function milestoneRef(kind: string, input: MilestoneMoney): Omit<LedgerPosting, "legs"> {
  return {
    idempotencyKey: input.idempotencyKey,
    kind,
    currency: input.currency,
    contractId: input.contractId,
    milestoneId: input.milestoneId,
  };
}

function withoutZeroLegs(legs: LedgerPosting["legs"]): LedgerPosting["legs"] {
  return legs.filter((leg) => leg.amountMinor !== 0);
}
