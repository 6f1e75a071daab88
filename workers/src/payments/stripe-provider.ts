import { Stripe } from "stripe";
import {
  ChargeDeclinedError,
  PaymentProviderUnavailableError,
  PayoutDeclinedError,
} from "./payment-provider.js";
import type {
  ChargeRequest,
  PaymentProvider,
  PayoutRequest,
  ProviderCharge,
  ProviderPayout,
} from "./payment-provider.js";

export type StripePaymentProviderOptions = {
  apiKey: string;
  /** Another API endpoint than api.stripe.com, e.g. http://127.0.0.1:12111 for stripe-mock. */
  apiUrl?: string;
  /** Per request (Stripe's default is 80 s). */
  timeoutMs?: number;
  /** The freelancer's connected account (acct_...). */
  resolveAccount: (freelancerId: string) => Promise<string>;
};

const { errors } = Stripe;

// Final answers about this payout: the same request would be refused again.
const DECLINED = [
  errors.StripeCardError,
  errors.StripeInvalidRequestError,
  errors.StripePermissionError,
  errors.StripeIdempotencyError,
];

function endpoint(apiUrl: string | undefined): { host?: string; port?: number; protocol?: "http" | "https" } {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: Number(url.port || (protocol === "http" ? 80 : 443)), protocol };
}

/** Maps Stripe's errors onto the provider boundary: declined (final) or unavailable (retry with the same key). */
export function toProviderError(error: unknown, operation: "transfer" | "charge" = "transfer"): Error {
  if (!(error instanceof errors.StripeError))
    return error instanceof Error ? error : new Error(String(error));
  const what = `Stripe ${operation} failed: ${error.type}${error.code ? ` ${error.code}` : ""}: ${error.message}`;
  // The platform balance refills; failing the freelancer's payout for good over it would be wrong.
  if (error.code === "balance_insufficient")
    return new PaymentProviderUnavailableError(what, { cause: error });
  if (DECLINED.some((kind) => error instanceof kind)) {
    return operation === "charge" ? new ChargeDeclinedError(what) : new PayoutDeclinedError(what);
  }
  // Connection, timeout, rate limit, API and authentication errors: nothing says the payout can never happen.
  return new PaymentProviderUnavailableError(what, { cause: error });
}

/** A PaymentIntent confirmed at creation ends succeeded, processing, or waiting on something it cannot get here. */
function chargeOutcome(intent: Stripe.PaymentIntent): ProviderCharge {
  if (intent.status === "succeeded") {
    return { provider: "stripe", providerChargeId: intent.id, status: "succeeded" };
  }
  if (intent.status === "processing") {
    return { provider: "stripe", providerChargeId: intent.id, status: "pending" };
  }
  // requires_action (3-D Secure) or requires_payment_method (failed): no browser here to complete it.
  throw new ChargeDeclinedError(`Stripe payment ${intent.id} ended ${intent.status}`);
}

/** Pays a freelancer by a Stripe Connect transfer to their connected account; charges by a PaymentIntent. */
export function createStripePaymentProvider(options: StripePaymentProviderOptions): PaymentProvider {
  const stripe = new Stripe(options.apiKey, {
    // Temporal owns retries (bounded, visible in history); the SDK retrying underneath would hide them.
    maxNetworkRetries: 0,
    telemetry: false,
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    ...endpoint(options.apiUrl),
  });
  return {
    name: "stripe",
    async createPayout(request: PayoutRequest): Promise<ProviderPayout> {
      const destination = await options.resolveAccount(request.destination);
      try {
        const transfer = await stripe.transfers.create(
          {
            amount: request.amountMinor,
            currency: request.currency.toLowerCase(),
            destination,
            metadata: { ...request.metadata, freelancerId: request.destination },
          },
          { idempotencyKey: request.idempotencyKey },
        );
        // A transfer lands in the connected account's balance at once; the bank payout is on its own schedule.
        return { provider: "stripe", providerPayoutId: transfer.id, status: "paid" };
      } catch (error) {
        throw toProviderError(error);
      }
    },
    async createCharge(request: ChargeRequest): Promise<ProviderCharge> {
      let intent: Stripe.PaymentIntent;
      try {
        intent = await stripe.paymentIntents.create(
          {
            amount: request.amountMinor,
            currency: request.currency.toLowerCase(),
            payment_method: request.paymentMethod,
            confirm: true,
            // Server-side confirmation: a method that would redirect the payer is refused, not left hanging.
            automatic_payment_methods: { enabled: true, allow_redirects: "never" },
            metadata: { ...request.metadata, clientId: request.customer },
          },
          { idempotencyKey: request.idempotencyKey },
        );
      } catch (error) {
        throw toProviderError(error, "charge");
      }
      return chargeOutcome(intent);
    },
  };
}
