// The activities the deposit and withdrawal workflows call (task queue "payments"). Types only, safe for
// workflow code.
import type { DepositInput, WithdrawalInput } from "@skillpod/contract-messages";

/** The provider's answer to a deposit's charge: a decline is an answer, not an activity failure. */
export type ChargeOutcome =
  | { outcome: "charged"; provider: string; providerChargeId: string }
  | { outcome: "pending"; provider: string; providerChargeId: string }
  | { outcome: "declined"; failureCode: string };

export type SentWithdrawal = { provider: string; providerPayoutId: string };

export type WalletActivities = {
  /** The provider charge, keyed by the workflow id; refuses a deposit whose row does not exist. */
  chargeDeposit(input: DepositInput, workflowId: string): Promise<ChargeOutcome>;
  /** EXTERNAL → the client's wallet (keyed by the workflow id) and the row SUCCEEDED, in one transaction. */
  postDeposit(input: DepositInput, workflowId: string, providerChargeId: string): Promise<void>;
  /** The row FAILED (terminal) or, with `held`, left PENDING with the reason for review. */
  settleDepositFailure(
    input: DepositInput,
    failure: { failureCode: string; held: boolean; providerChargeId?: string },
  ): Promise<void>;
  /** The freelancer's payable → EXTERNAL (keyed by the workflow id); insufficient payable fails for good. */
  debitWithdrawal(input: WithdrawalInput, workflowId: string): Promise<void>;
  /** The provider payout, keyed by the workflow id; then the row SUCCEEDED. */
  sendWithdrawal(input: WithdrawalInput, workflowId: string): Promise<SentWithdrawal>;
  /** Saga compensation after a decline: the debit reversed and the row FAILED, in one transaction. */
  compensateWithdrawal(input: WithdrawalInput, workflowId: string, failureCode: string): Promise<void>;
  /** The row FAILED (nothing was debited) or, with `held`, left PENDING with the reason for review. */
  settleWithdrawalFailure(
    input: WithdrawalInput,
    failure: { failureCode: string; held: boolean },
  ): Promise<void>;
};
