// The withdrawal workflow's activities: the ledger first (payable can then never be spent twice), the
// provider second, both keyed by the workflow id; a decline is compensated by a reverse posting.
import type { WithdrawalInput } from "@skillpod/contract-messages";
import { postInTransaction, withDatabaseTransaction } from "../ledger/index.js";
import { withTypedFailures } from "../activity-failures.js";
import { requestMissing, type WalletActivityDeps } from "./deposit-activities.js";
import type { SentWithdrawal, WalletActivities } from "./wallet-activity-types.js";
import { reverseWithdrawal, withdrawal } from "./wallet-postings.js";

const money = (
  input: WithdrawalInput,
  idempotencyKey: string,
): { idempotencyKey: string; currency: string; freelancerId: string; amountMinor: number } => ({
  idempotencyKey,
  currency: input.currency,
  freelancerId: input.userId,
  amountMinor: input.amountMinor,
});

async function debit(deps: WalletActivityDeps, input: WithdrawalInput, workflowId: string): Promise<void> {
  await withDatabaseTransaction(deps.pool, async (db) => {
    const row = await db.query("SELECT 1 FROM withdrawals WHERE id = $1 AND workflow_id = $2 FOR UPDATE", [
      input.withdrawalId,
      workflowId,
    ]);
    if (row.rowCount === 0) throw requestMissing(`withdrawal ${input.withdrawalId}`);
    await postInTransaction(db, withdrawal(money(input, workflowId)));
  });
  deps.log.info({ withdrawalId: input.withdrawalId }, `Debited payable for withdrawal ${input.withdrawalId}`);
}

async function send(
  deps: WalletActivityDeps,
  input: WithdrawalInput,
  workflowId: string,
): Promise<SentWithdrawal> {
  const paid = await deps.payments.createPayout({
    idempotencyKey: workflowId,
    amountMinor: input.amountMinor,
    currency: input.currency,
    destination: input.userId,
    metadata: { withdrawalId: input.withdrawalId },
  });
  await deps.pool.query(
    `UPDATE withdrawals SET state = 'SUCCEEDED', provider = $2, provider_payout_id = $3, failure_code = NULL,
     completed_at = COALESCE(completed_at, now()) WHERE id = $1`,
    [input.withdrawalId, paid.provider, paid.providerPayoutId],
  );
  deps.log.info(
    { withdrawalId: input.withdrawalId, providerPayoutId: paid.providerPayoutId },
    `Paid out withdrawal ${input.withdrawalId}`,
  );
  return { provider: paid.provider, providerPayoutId: paid.providerPayoutId };
}

async function compensate(
  deps: WalletActivityDeps,
  input: WithdrawalInput,
  workflowId: string,
  failureCode: string,
): Promise<void> {
  await withDatabaseTransaction(deps.pool, async (db) => {
    await postInTransaction(db, reverseWithdrawal(money(input, `${workflowId}:reverse`)));
    await db.query(
      `UPDATE withdrawals SET state = 'FAILED', failure_code = $2, completed_at = COALESCE(completed_at, now())
       WHERE id = $1`,
      [input.withdrawalId, failureCode],
    );
  });
  deps.log.warn({ withdrawalId: input.withdrawalId, failureCode }, "Reversed declined withdrawal");
}

async function settleFailure(
  deps: WalletActivityDeps,
  input: WithdrawalInput,
  failure: { failureCode: string; held: boolean },
): Promise<void> {
  await deps.pool.query(
    `UPDATE withdrawals SET state = CASE WHEN $3 THEN state ELSE 'FAILED'::"MoneyRequestState" END,
     failure_code = $2, completed_at = CASE WHEN $3 THEN completed_at ELSE COALESCE(completed_at, now()) END
     WHERE id = $1 AND state = 'PENDING'`,
    [input.withdrawalId, failure.failureCode, failure.held],
  );
  const verb = failure.held ? "Held" : "Failed";
  deps.log.warn({ withdrawalId: input.withdrawalId, failureCode: failure.failureCode }, `${verb} withdrawal`);
}

export function createWithdrawalActivities(
  deps: WalletActivityDeps,
): Pick<
  WalletActivities,
  "debitWithdrawal" | "sendWithdrawal" | "compensateWithdrawal" | "settleWithdrawalFailure"
> {
  return {
    debitWithdrawal: (input, workflowId) => withTypedFailures(() => debit(deps, input, workflowId)),
    sendWithdrawal: (input, workflowId) => withTypedFailures(() => send(deps, input, workflowId)),
    compensateWithdrawal: (input, workflowId, code) =>
      withTypedFailures(() => compensate(deps, input, workflowId, code)),
    settleWithdrawalFailure: (input, failure) => withTypedFailures(() => settleFailure(deps, input, failure)),
  };
}
