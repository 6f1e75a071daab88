// The boundary to whoever actually moves money out: a sandbox service here, Stripe in production.
// Providers must honour the idempotency key: the same key always means the same, single payout.

export type PayoutRequest = {
  /** workflow id + activity id: stable across activity retries and worker crashes. */
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
  /** The freelancer's id; the provider maps it to their connected account. */
  destination: string;
  metadata: { contractId: string; milestoneId: string };
};

export type ProviderPayout = {
  provider: string;
  providerPayoutId: string;
  status: "paid" | "pending";
};

export interface PaymentProvider {
  readonly name: string;
  createPayout(request: PayoutRequest): Promise<ProviderPayout>;
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
