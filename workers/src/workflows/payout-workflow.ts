// PayoutWorkflow: escrow → freelancer payable (fee split off) → the external payout, as a saga. The
// provider call is keyed by workflow id + activity id, which stay the same across retries and worker
// crashes, so the provider pays once however often the activity runs. A typed decline reverses the release
// (saga compensation); a provider still unreachable after the bounded retries may have paid, so
// that payout is held instead of reversed. Either way the contract hears of the failure.
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
} from "@temporalio/workflow";
import {
  contractErrorCodes,
  pausePayout,
  payoutSettled,
  resumePayout,
  type PayoutInput,
  type PayoutResult,
  type PayoutSettlement,
} from "@skillpod/contract-messages";
import type { PayoutActivities } from "../payouts/payout-activity-types.js";

const ledger = proxyActivities<PayoutActivities>({
  startToCloseTimeout: "10 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "30 seconds",
    maximumAttempts: 30,
    nonRetryableErrorTypes: [contractErrorCodes.insufficientFunds, contractErrorCodes.ledgerInvariant],
  },
});

const provider = proxyActivities<PayoutActivities>({
  startToCloseTimeout: "15 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "20 seconds",
    // An attempt lost with a crashed worker counts too (start-to-close timeout), so the budget covers
    // several crashes as well as a provider outage: about 6 minutes before the payout is HELD.
    maximumAttempts: 20,
    nonRetryableErrorTypes: [contractErrorCodes.payoutDeclined, contractErrorCodes.ledgerInvariant],
  },
});

function failureCode(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    return error.cause.type ?? "SKP_PAYOUT_FAILED";
  }
  return "SKP_PAYOUT_FAILED";
}

async function report(input: PayoutInput, settlement: PayoutSettlement): Promise<void> {
  try {
    await getExternalWorkflowHandle(input.contractWorkflowId).signal(payoutSettled, settlement);
  } catch {
    // The contract has ended; the payouts row and the ledger are the record.
  }
}

/** Pays one approved milestone out. Disputes pause it (pausePayout) before the external transfer. */
export async function payoutWorkflow(input: PayoutInput): Promise<PayoutResult> {
  let paused = input.startPaused === true;
  setHandler(pausePayout, () => {
    paused = true;
  });
  setHandler(resumePayout, () => {
    paused = false;
  });
  const { workflowId } = workflowInfo();
  const released = await ledger.releaseEscrowForPayout(input, workflowId);
  await condition(() => !paused);
  try {
    const sent = await provider.sendPayout(input, released);
    await report(input, {
      milestoneId: input.milestoneId,
      outcome: "paid",
      providerPayoutId: sent.providerPayoutId,
    });
    return { outcome: "paid", ...released, providerPayoutId: sent.providerPayoutId };
  } catch (error) {
    const code = failureCode(error);
    if (code === contractErrorCodes.payoutDeclined) await ledger.compensatePayout(input, workflowId, code);
    else await ledger.holdPayout(input, code);
    await report(input, { milestoneId: input.milestoneId, outcome: "failed", failureCode: code });
    return { outcome: "failed", ...released, failureCode: code };
  }
}
