// ContractWorkflow's activities: the contract's rows (its record for the control plane's reads), escrow
// funding and refunds through the ledger, and notices to the parties. Ledger keys derive from the
// contract's workflow id, so a retried or replayed step never moves money twice.
import type { ContractPhase, ContractTerms, MilestoneState } from "@skillpod/contract-messages";
import type pg from "pg";
import type { Logger } from "pino";
import { withTypedFailures } from "../activity-failures.js";
import { fundEscrow, post, refundEscrow, withDatabaseTransaction } from "../ledger/index.js";
import type { ContractActivities, MilestoneMoneyRequest, PartyNotice } from "./contract-activity-types.js";
import type { PartyLive } from "./party-live.js";

export type ContractActivityDeps = {
  pool: pg.Pool;
  log: Logger;
  /** Delivers a notice (the notifications queue in production). */
  publishNotice: (notice: PartyNotice) => Promise<void>;
  /** Live events to the parties (the workers process sets it; tests of the workflow alone need none). */
  live?: PartyLive;
};

async function recordContract(pool: pg.Pool, terms: ContractTerms, workflowId: string): Promise<void> {
  await withDatabaseTransaction(pool, async (db) => {
    await db.query(
      `INSERT INTO contracts (id, workflow_id, client_id, freelancer_id, title, currency, billing, hourly_rate_minor,
         weekly_limit_minutes, platform_fee_bps, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7::"ContractBilling", $8, $9, $10, 'offer') ON CONFLICT (id) DO NOTHING`,
      [
        terms.contractId,
        workflowId,
        terms.clientId,
        terms.freelancerId,
        terms.title,
        terms.currency,
        terms.billing,
        terms.hourlyRateMinor ?? null,
        terms.weeklyLimitMinutes ?? null,
        terms.platformFeeBps,
      ],
    );
    for (const [position, m] of terms.milestones.entries()) {
      await db.query(
        `INSERT INTO milestones (id, contract_id, position, title, amount_minor, due_at, state)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending') ON CONFLICT (id) DO NOTHING`,
        [m.id, terms.contractId, position, m.title, m.amountMinor, m.dueAt ?? null],
      );
    }
  });
}

function escrowPosting(kind: "fund" | "refund", r: MilestoneMoneyRequest): Parameters<typeof fundEscrow>[0] {
  return {
    idempotencyKey: `${r.contractWorkflowId}:${kind}:${r.milestoneId}`,
    currency: r.currency,
    clientId: r.clientId,
    contractId: r.contractId,
    milestoneId: r.milestoneId,
    amountMinor: r.amountMinor,
  };
}

/**
 * The workflow's handlers run from its first task, so an update that arrives right after the start (an
 * accept) can record its state before recordContract has inserted the rows. Updating nothing is then a
 * retryable failure: the retry finds the rows, instead of the state being lost for good.
 */
function notRecordedYet(rowCount: number | null, what: string): void {
  if (rowCount === 0) throw new Error(`${what} is not recorded yet; retrying`);
}

export function createContractActivities(deps: ContractActivityDeps): ContractActivities {
  const { pool, log } = deps;
  return {
    recordContract: (terms, workflowId) => recordContract(pool, terms, workflowId),
    async recordContractPhase(contractId: string, phase: ContractPhase): Promise<void> {
      const updated = await pool.query("UPDATE contracts SET state = $2, updated_at = now() WHERE id = $1", [
        contractId,
        phase,
      ]);
      notRecordedYet(updated.rowCount, `contract ${contractId}`);
      log.info({ contractId, phase }, `Moved contract ${contractId} to ${phase}`);
      await deps.live?.publish(contractId, { type: "contract.changed", data: { contractId, phase } });
    },
    async recordMilestoneState(
      contractId: string,
      milestoneId: string,
      state: MilestoneState,
    ): Promise<void> {
      const updated = await pool.query(
        "UPDATE milestones SET state = $3, updated_at = now() WHERE id = $2 AND contract_id = $1",
        [contractId, milestoneId, state],
      );
      notRecordedYet(updated.rowCount, `milestone ${milestoneId}`);
      await deps.live?.publish(contractId, {
        type: "contract.changed",
        data: { contractId, milestoneId, state },
      });
    },
    fundMilestoneEscrow: (r) =>
      withTypedFailures(async () => {
        await post(pool, fundEscrow(escrowPosting("fund", r)));
        log.info(
          { contractId: r.contractId, milestoneId: r.milestoneId },
          `Funded escrow of milestone ${r.milestoneId}`,
        );
      }),
    refundMilestoneEscrow: (r) =>
      withTypedFailures(async () => {
        await post(pool, refundEscrow(escrowPosting("refund", r)));
        log.info(
          { contractId: r.contractId, milestoneId: r.milestoneId },
          `Refunded escrow of milestone ${r.milestoneId}`,
        );
      }),
    notifyParties: (notice) => deps.publishNotice(notice),
  };
}
