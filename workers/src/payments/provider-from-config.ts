import { ConfigError } from "@skillpod/config";
import { PayoutDeclinedError } from "./payment-provider.js";
import type { PaymentProvider } from "./payment-provider.js";
import { createSandboxPaymentProvider } from "./sandbox-provider.js";
import { createStripePaymentProvider } from "./stripe-provider.js";

export type PaymentProviderSettings = {
  provider: "sandbox" | "stripe";
  sandboxUrl: string;
  timeoutMs: number;
  stripeApiKey?: string;
  stripeApiUrl?: string;
  /** freelancer id → Stripe connected account (acct_...). */
  stripeAccounts?: Record<string, string>;
};

/** A resolver over a fixed map; a freelancer without a connected account cannot be paid, which is final. */
export function accountsFromMap(accounts: Record<string, string>): (freelancerId: string) => Promise<string> {
  return (freelancerId) => {
    const account = Object.hasOwn(accounts, freelancerId) ? accounts[freelancerId] : undefined;
    return account
      ? Promise.resolve(account)
      : Promise.reject(new PayoutDeclinedError(`Freelancer ${freelancerId} has no Stripe connected account`));
  };
}

/** The payment provider the worker's settings choose; a Stripe choice without an API key fails at start-up. */
export function createPaymentProvider(settings: PaymentProviderSettings): PaymentProvider {
  if (settings.provider === "sandbox") {
    return createSandboxPaymentProvider({ baseUrl: settings.sandboxUrl, timeoutMs: settings.timeoutMs });
  }
  if (!settings.stripeApiKey) {
    throw new ConfigError([
      'stripeApiKey (STRIPE_API_KEY): the "stripe" payment provider needs a Stripe secret API key',
    ]);
  }
  return createStripePaymentProvider({
    apiKey: settings.stripeApiKey,
    timeoutMs: settings.timeoutMs,
    resolveAccount: accountsFromMap(settings.stripeAccounts ?? {}),
    ...(settings.stripeApiUrl ? { apiUrl: settings.stripeApiUrl } : {}),
  });
}
