// The deposit workflow's activities. The charge and the posting are both keyed by the workflow id, and the
// posting commits with the row's SUCCEEDED, so an activity run twice charges once and credits once.
import { ApplicationFailure } from "@temporalio/common";
import { walletErrorCodes, type DepositInput } from "@skillpod/contract-messages";
import type pg from "pg";
import type { Logger } from "pino";
import { withTypedFailures } from "../activity-failures.js";
import { deposit, postInTransaction, withDatabaseTransaction } from "../ledger/index.js";
import { ChargeDeclinedError, type PaymentProvider } from "../payments/index.js";
import type { ChargeOutcome, WalletActivities } from "./wallet-activity-types.js";

export type WalletActivityDeps = { pool: pg.Pool; payments: PaymentProvider; log: Logger };

/** A workflow whose row is gone (or never was in this database) must not move money. */
export function requestMissing(what: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`${what} has no row here`, walletErrorCodes.requestMissing);
}

async function charge(
  deps: WalletActivityDeps,
  input: DepositInput,
  workflowId: string,
): Promise<ChargeOutcome> {
  const row = await deps.pool.query("SELECT 1 FROM deposits WHERE id = $1 AND workflow_id = $2", [
    input.depositId,
    workflowId,
  ]);
  if (row.rowCount === 0) throw requestMissing(`deposit ${input.depositId}`);
  try {
    const charged = await deps.payments.createCharge({
      idempotencyKey: workflowId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      customer: input.userId,
      paymentMethod: input.paymentMethod,
      metadata: { depositId: input.depositId },
    });
    const outcome = charged.status === "succeeded" ? "charged" : "pending";
    return { outcome, provider: charged.provider, providerChargeId: charged.providerChargeId };
  } catch (error) {
    if (!(error instanceof ChargeDeclinedError)) throw error;
    deps.log.warn({ depositId: input.depositId, err: error }, "Declined deposit charge");
    return { outcome: "declined", failureCode: walletErrorCodes.depositDeclined };
  }
}

async function credit(
  deps: WalletActivityDeps,
  input: DepositInput,
  workflowId: string,
  providerChargeId: string,
): Promise<void> {
  await withDatabaseTransaction(deps.pool, async (db) => {
    await postInTransaction(
      db,
      deposit({
        idempotencyKey: workflowId,
        currency: input.currency,
        clientId: input.userId,
        amountMinor: input.amountMinor,
      }),
    );
    const updated = await db.query(
      `UPDATE deposits SET state = 'SUCCEEDED', provider = $3, provider_charge_id = $4, failure_code = NULL,
       completed_at = COALESCE(completed_at, now()) WHERE id = $1 AND workflow_id = $2`,
      [input.depositId, workflowId, deps.payments.name, providerChargeId],
    );
    if (updated.rowCount === 0) throw requestMissing(`deposit ${input.depositId}`);
  });
  deps.log.info(
    { depositId: input.depositId, amountMinor: input.amountMinor, currency: input.currency },
    `Credited deposit ${input.depositId}`,
  );
}

async function settleFailure(
  deps: WalletActivityDeps,
  input: DepositInput,
  failure: { failureCode: string; held: boolean; providerChargeId?: string },
): Promise<void> {
  await deps.pool.query(
    `UPDATE deposits SET state = CASE WHEN $3 THEN state ELSE 'FAILED'::"MoneyRequestState" END,
     failure_code = $2, provider_charge_id = COALESCE($4, provider_charge_id),
     completed_at = CASE WHEN $3 THEN completed_at ELSE COALESCE(completed_at, now()) END
     WHERE id = $1 AND state = 'PENDING'`,
    [input.depositId, failure.failureCode, failure.held, failure.providerChargeId ?? null],
  );
  const verb = failure.held ? "Held" : "Failed";
  deps.log.warn({ depositId: input.depositId, failureCode: failure.failureCode }, `${verb} deposit`);
}

export function createDepositActivities(
  deps: WalletActivityDeps,
): Pick<WalletActivities, "chargeDeposit" | "postDeposit" | "settleDepositFailure"> {
  return {
    chargeDeposit: (input, workflowId) => withTypedFailures(() => charge(deps, input, workflowId)),
    postDeposit: (input, workflowId, chargeId) =>
      withTypedFailures(() => credit(deps, input, workflowId, chargeId)),
    settleDepositFailure: (input, failure) => withTypedFailures(() => settleFailure(deps, input, failure)),
  };
}
