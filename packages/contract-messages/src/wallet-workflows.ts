// The wallet's workflows (task queue "payments"): a deposit charges the client through the PaymentProvider
// and credits their wallet; a withdrawal moves a freelancer's payable funds out. One workflow per request
// row, its id derived from the row, and every provider call and ledger posting keyed by that id, so a
// retried request, activity or workflow moves money once.

export const depositWorkflowId = (depositId: string): string => `deposit-${depositId}`;
export const withdrawalWorkflowId = (withdrawalId: string): string => `withdrawal-${withdrawalId}`;

export type DepositInput = {
  depositId: string;
  userId: string;
  amountMinor: number;
  currency: string;
  /** What the provider charges: "sandbox" for the sandbox, a payment method id (pm_…) for Stripe. */
  paymentMethod: string;
};

export type WithdrawalInput = {
  withdrawalId: string;
  userId: string;
  amountMinor: number;
  currency: string;
};

export type WalletOutcome = "succeeded" | "failed" | "held";

export type DepositResult = { outcome: WalletOutcome; providerChargeId?: string; failureCode?: string };

export type WithdrawalResult = { outcome: WalletOutcome; providerPayoutId?: string; failureCode?: string };

/** Why a deposit or withdrawal failed: the `type` of the workflow's typed failures and the rows' failure_code. */
export const walletErrorCodes = {
  depositDeclined: "SKP_DEPOSIT_DECLINED",
  withdrawalDeclined: "SKP_WITHDRAWAL_DECLINED",
  insufficientFunds: "SKP_INSUFFICIENT_FUNDS",
  providerUnavailable: "SKP_PAYMENT_PROVIDER_UNAVAILABLE",
  requestMissing: "SKP_WALLET_REQUEST_MISSING",
  ledgerInvariant: "SKP_LEDGER_INVARIANT",
} as const;

export type WalletErrorCode = (typeof walletErrorCodes)[keyof typeof walletErrorCodes];
