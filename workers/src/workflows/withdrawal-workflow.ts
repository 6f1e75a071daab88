// WithdrawalWorkflow: a freelancer's payable funds out through the PaymentProvider, as a saga. The ledger
// moves first (payable → EXTERNAL), so the same funds cannot be withdrawn twice; the provider payout is
// keyed by the workflow id. A decline reverses the debit; a provider still unreachable after the bounded
// retries may have paid, so that withdrawal is held (row PENDING with the reason) instead of reversed.
import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from "@temporalio/workflow";
import {
  contractErrorCodes,
  walletErrorCodes,
  type WithdrawalInput,
  type WithdrawalResult,
} from "@skillpod/contract-messages";
import type { WalletActivities } from "../wallet/wallet-activity-types.js";

const ledger = proxyActivities<WalletActivities>({
  startToCloseTimeout: "10 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "30 seconds",
    maximumAttempts: 30,
    nonRetryableErrorTypes: [
      walletErrorCodes.insufficientFunds,
      walletErrorCodes.ledgerInvariant,
      walletErrorCodes.requestMissing,
    ],
  },
});

const provider = proxyActivities<WalletActivities>({
  startToCloseTimeout: "15 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "20 seconds",
    maximumAttempts: 20,
    nonRetryableErrorTypes: [contractErrorCodes.payoutDeclined, walletErrorCodes.ledgerInvariant],
  },
});

function failureCode(error: unknown, fallback: string): string {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    return error.cause.type ?? fallback;
  }
  return fallback;
}

/** Pays a freelancer's payable funds out. */
export async function withdrawalWorkflow(input: WithdrawalInput): Promise<WithdrawalResult> {
  const { workflowId } = workflowInfo();
  try {
    await ledger.debitWithdrawal(input, workflowId);
  } catch (error) {
    const code = failureCode(error, walletErrorCodes.ledgerInvariant);
    if (code !== walletErrorCodes.requestMissing) {
      await ledger.settleWithdrawalFailure(input, { failureCode: code, held: false });
    }
    return { outcome: "failed", failureCode: code };
  }
  try {
    const sent = await provider.sendWithdrawal(input, workflowId);
    return { outcome: "succeeded", providerPayoutId: sent.providerPayoutId };
  } catch (error) {
    const code = failureCode(error, walletErrorCodes.providerUnavailable);
    if (code === contractErrorCodes.payoutDeclined) {
      await ledger.compensateWithdrawal(input, workflowId, walletErrorCodes.withdrawalDeclined);
      return { outcome: "failed", failureCode: walletErrorCodes.withdrawalDeclined };
    }
    await ledger.settleWithdrawalFailure(input, { failureCode: code, held: true });
    return { outcome: "held", failureCode: code };
  }
}
