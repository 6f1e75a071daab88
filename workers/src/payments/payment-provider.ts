// The boundary to whoever actually moves money out: a sandbox service here, Stripe in production.
// Providers must honour the idempotency key: the same key always means the same, single payout.

export type PayoutRequest = {
  /** workflow id + activity id: stable across activity retries and worker crashes. */
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
  /** The freelancer's id; the provider maps it to their connected account. */
  destination: string;
  /** What the payout is for: a milestone ({ contractId, milestoneId }) or a withdrawal ({ withdrawalId }). */
  metadata: Record<string, string>;
};

export type ChargeRequest = {
  /** The deposit workflow's id: one charge per deposit however often the activity runs. */
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
  /** The paying client's id. */
  customer: string;
  /** "sandbox" for the sandbox; a Stripe payment method (pm_…) for Stripe. */
  paymentMethod: string;
  metadata: Record<string, string>;
};

export type ProviderCharge = {
  provider: string;
  providerChargeId: string;
  status: "succeeded" | "pending";
};

export type ProviderPayout = {
  provider: string;
  providerPayoutId: string;
  status: "paid" | "pending";
};

export interface PaymentProvider {
  readonly name: string;
  createPayout(request: PayoutRequest): Promise<ProviderPayout>;
  /** Takes money in from a client (a deposit into their wallet). */
  createCharge(request: ChargeRequest): Promise<ProviderCharge>;
}

/** The provider refused this charge for good (card declined, blocked payment method): do not retry. */
export class ChargeDeclinedError extends Error {
  readonly code = "SKP_DEPOSIT_DECLINED";
  constructor(message: string) {
    super(message);
    this.name = "ChargeDeclinedError";
  }
}

/** The provider refused this payout for good (bad destination, blocked account): do not retry. */
export class PayoutDeclinedError extends Error {
  readonly code = "SKP_PAYOUT_DECLINED";
  constructor(message: string) {
    super(message);
    this.name = "PayoutDeclinedError";
  }
}

/** The provider failed, timed out or was unreachable: retrying with the same key is safe. */
export class PaymentProviderUnavailableError extends Error {
  readonly code = "SKP_PAYOUT_PROVIDER_UNAVAILABLE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PaymentProviderUnavailableError";
  }
}
