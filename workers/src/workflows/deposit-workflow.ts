// DepositWorkflow: the provider charges the client, then the ledger credits their wallet. Both steps are
// keyed by the workflow id (one per deposits row), so however often an activity or the whole request is
// retried, the client is charged once and credited once. A decline fails the deposit with nothing posted.
import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from "@temporalio/workflow";
import { walletErrorCodes, type DepositInput, type DepositResult } from "@skillpod/contract-messages";
import type { WalletActivities } from "../wallet/wallet-activity-types.js";

const provider = proxyActivities<WalletActivities>({
  startToCloseTimeout: "15 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "20 seconds",
    // About 3 minutes of a provider outage or crashed workers before the deposit is held for review.
    maximumAttempts: 12,
    nonRetryableErrorTypes: [walletErrorCodes.requestMissing],
  },
});

const ledger = proxyActivities<WalletActivities>({
  startToCloseTimeout: "10 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "30 seconds",
    maximumAttempts: 30,
    nonRetryableErrorTypes: [walletErrorCodes.requestMissing, walletErrorCodes.ledgerInvariant],
  },
});

function failureCode(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    return error.cause.type ?? walletErrorCodes.providerUnavailable;
  }
  return walletErrorCodes.providerUnavailable;
}

/** Charges through the PaymentProvider and credits the client's wallet. */
export async function depositWorkflow(input: DepositInput): Promise<DepositResult> {
  const { workflowId } = workflowInfo();
  let charged;
  try {
    charged = await provider.chargeDeposit(input, workflowId);
  } catch (error) {
    const code = failureCode(error);
    if (code === walletErrorCodes.requestMissing) return { outcome: "failed", failureCode: code };
    // The provider may have charged on a lost answer: the row stays PENDING for review, nothing is credited.
    await ledger.settleDepositFailure(input, {
      failureCode: walletErrorCodes.providerUnavailable,
      held: true,
    });
    return { outcome: "held", failureCode: walletErrorCodes.providerUnavailable };
  }
  if (charged.outcome === "declined") {
    await ledger.settleDepositFailure(input, { failureCode: charged.failureCode, held: false });
    return { outcome: "failed", failureCode: charged.failureCode };
  }
  if (charged.outcome === "pending") {
    // Not settled yet (a bank debit): credited only once the provider confirms, which needs its webhook.
    const failure = {
      failureCode: "SKP_DEPOSIT_PENDING",
      held: true,
      providerChargeId: charged.providerChargeId,
    };
    await ledger.settleDepositFailure(input, failure);
    return { outcome: "held", providerChargeId: charged.providerChargeId, failureCode: failure.failureCode };
  }
  await ledger.postDeposit(input, workflowId, charged.providerChargeId);
  return { outcome: "succeeded", providerChargeId: charged.providerChargeId };
}
