// PayoutWorkflow's activities. Every database step is one transaction that pairs the ledger posting with
// the payouts row, and every posting's idempotency key derives from the workflow id, so any step may run
// again after a crash without moving money twice.
import { Context } from "@temporalio/activity";
import type { PayoutInput } from "@skillpod/contract-messages";
import type pg from "pg";
import type { Logger } from "pino";
import { withTypedFailures } from "../activity-failures.js";
import { noFailpoints, type Failpoints } from "../failpoints.js";
import {
  platformFee,
  postInTransaction,
  releaseEscrow,
  reverseRelease,
  settlePayout,
  withDatabaseTransaction,
} from "../ledger/index.js";
import type { PartyNotice } from "../contracts/contract-activity-types.js";
import type { PaymentProvider } from "../payments/payment-provider.js";
import type { PayoutActivities, ReleasedPayout, SentPayout } from "./payout-activity-types.js";

export type PayoutActivityDeps = {
  pool: pg.Pool;
  payments: PaymentProvider;
  log: Logger;
  failpoints?: Failpoints;
  /** Tells the freelancer their payout is paid (the notifications queue); absent, nobody is told. */
  publishNotice?: (notice: PartyNotice) => Promise<void>;
};

function milestoneMoney(
  input: PayoutInput,
  idempotencyKey: string,
  amountMinor: number,
): {
  idempotencyKey: string;
  currency: string;
  contractId: string;
  milestoneId: string;
  freelancerId: string;
  amountMinor: number;
} {
  return {
    idempotencyKey,
    currency: input.currency,
    contractId: input.contractId,
    milestoneId: input.milestoneId,
    freelancerId: input.freelancerId,
    amountMinor,
  };
}

async function release(
  deps: PayoutActivityDeps,
  input: PayoutInput,
  workflowId: string,
): Promise<ReleasedPayout> {
  const feeMinor = platformFee(input.grossMinor, input.platformFeeBps);
  const netMinor = input.grossMinor - feeMinor;
  await withDatabaseTransaction(deps.pool, async (db) => {
    await postInTransaction(
      db,
      releaseEscrow({ ...milestoneMoney(input, `${workflowId}:release`, input.grossMinor), feeMinor }),
    );
    await db.query(
      `INSERT INTO payouts (milestone_id, contract_id, freelancer_id, workflow_id, currency, gross_minor, fee_minor, net_minor, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'RELEASED') ON CONFLICT (milestone_id) DO NOTHING`,
      [
        input.milestoneId,
        input.contractId,
        input.freelancerId,
        workflowId,
        input.currency,
        input.grossMinor,
        feeMinor,
        netMinor,
      ],
    );
  });
  deps.log.info(
    { contractId: input.contractId, milestoneId: input.milestoneId, feeMinor, netMinor },
    "Released escrow for payout",
  );
  (deps.failpoints ?? noFailpoints).reach("after-escrow-release");
  return { feeMinor, netMinor };
}

/** "€45.05": the currency's own minor unit (none for JPY); an unknown code reads as minor units. */
function moneyText(amountMinor: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat("en", { style: "currency", currency });
    return format.format(amountMinor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${amountMinor} ${currency} (minor units)`;
  }
}

/** Keyed by the payout's workflow id: a retried activity (the payout itself is idempotent) tells them once. */
function paidNotice(input: PayoutInput, workflowId: string, netMinor: number): PartyNotice {
  const amount = moneyText(netMinor, input.currency);
  return {
    dedupeKey: `${workflowId}:paid`,
    userIds: [input.freelancerId],
    kind: "payout.paid",
    title: `Payout sent: ${amount}`,
    body: `Your payout of ${amount} for milestone ${input.milestoneId} of contract ${input.contractId} is on its way.`,
  };
}

async function send(
  deps: PayoutActivityDeps,
  input: PayoutInput,
  released: ReleasedPayout,
): Promise<SentPayout> {
  const { workflowExecution, activityId } = Context.current().info;
  const workflowId = workflowExecution?.workflowId;
  if (workflowId === undefined) throw new Error("sendPayout runs only as a workflow's activity");
  const paid = await deps.payments.createPayout({
    idempotencyKey: `${workflowId}:${activityId}`,
    amountMinor: released.netMinor,
    currency: input.currency,
    destination: input.freelancerId,
    metadata: { contractId: input.contractId, milestoneId: input.milestoneId },
  });
  (deps.failpoints ?? noFailpoints).reach("after-provider-call");
  await withDatabaseTransaction(deps.pool, async (db) => {
    await postInTransaction(
      db,
      settlePayout(milestoneMoney(input, `${workflowId}:settle`, released.netMinor)),
    );
    await db.query(
      `UPDATE payouts SET state = 'PAID', provider = $2, provider_payout_id = $3, paid_at = COALESCE(paid_at, now()),
       updated_at = now() WHERE milestone_id = $1`,
      [input.milestoneId, paid.provider, paid.providerPayoutId],
    );
  });
  deps.log.info(
    { milestoneId: input.milestoneId, providerPayoutId: paid.providerPayoutId },
    "Paid out milestone",
  );
  await deps.publishNotice?.(paidNotice(input, workflowId, released.netMinor));
  (deps.failpoints ?? noFailpoints).reach("after-payout-settled");
  return { provider: paid.provider, providerPayoutId: paid.providerPayoutId };
}

async function compensate(
  deps: PayoutActivityDeps,
  input: PayoutInput,
  workflowId: string,
  code: string,
): Promise<void> {
  const feeMinor = platformFee(input.grossMinor, input.platformFeeBps);
  await withDatabaseTransaction(deps.pool, async (db) => {
    await postInTransaction(
      db,
      reverseRelease({
        ...milestoneMoney(input, `${workflowId}:reverse-release`, input.grossMinor),
        feeMinor,
      }),
    );
    await db.query(
      "UPDATE payouts SET state = 'COMPENSATED', failure_code = $2, updated_at = now() WHERE milestone_id = $1",
      [input.milestoneId, code],
    );
  });
  deps.log.warn(
    { milestoneId: input.milestoneId, failureCode: code },
    "Reversed escrow release after failed payout",
  );
}

async function hold(deps: PayoutActivityDeps, input: PayoutInput, code: string): Promise<void> {
  await deps.pool.query(
    "UPDATE payouts SET state = 'HELD', failure_code = $2, updated_at = now() WHERE milestone_id = $1 AND state <> 'PAID'",
    [input.milestoneId, code],
  );
  deps.log.error(
    { milestoneId: input.milestoneId, failureCode: code },
    "Held payout with an unknown provider outcome",
  );
}

export function createPayoutActivities(deps: PayoutActivityDeps): PayoutActivities {
  return {
    releaseEscrowForPayout: (input, workflowId) => withTypedFailures(() => release(deps, input, workflowId)),
    sendPayout: (input, released) => withTypedFailures(() => send(deps, input, released)),
    compensatePayout: (input, workflowId, code) =>
      withTypedFailures(() => compensate(deps, input, workflowId, code)),
    holdPayout: (input, code) => withTypedFailures(() => hold(deps, input, code)),
  };
}
