export {
  ChargeDeclinedError,
  PaymentProviderUnavailableError,
  PayoutDeclinedError,
} from "./payment-provider.js";
export type {
  ChargeRequest,
  PaymentProvider,
  PayoutRequest,
  ProviderCharge,
  ProviderPayout,
} from "./payment-provider.js";
export { createSandboxPaymentProvider } from "./sandbox-provider.js";
export type { SandboxPaymentProviderOptions } from "./sandbox-provider.js";
export { createStripePaymentProvider, toProviderError } from "./stripe-provider.js";
export type { StripePaymentProviderOptions } from "./stripe-provider.js";
export { accountsFromMap, createPaymentProvider } from "./provider-from-config.js";
export type { PaymentProviderSettings } from "./provider-from-config.js";
