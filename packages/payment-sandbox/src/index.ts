export { createPaymentSandbox } from "./sandbox.js";
export type { PaymentSandbox, PaymentSandboxOptions } from "./sandbox.js";
export type { Payout } from "./payout-routes.js";
export type { Charge } from "./charge-routes.js";
export type { FaultMode, FaultRecord } from "./store.js";
export { loadPaymentSandboxConfig } from "./config.js";
export type { PaymentSandboxConfig } from "./config.js";
