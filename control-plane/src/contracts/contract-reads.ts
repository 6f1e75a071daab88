// The contract reads besides the contract itself: the caller's contracts (newest first, a page at a time),
// a contract's payouts and its workspaces. One SQL query each.
import type pg from "pg";
import { pageOf, type Page } from "../pagination/index.js";
import { contractCursor } from "./contract-cursors.js";
import type { Caller, ContractParty } from "./contract-access.js";
import type { Money } from "./contract-views.js";

export type ContractSummary = {
  id: string;
  title: string;
  state: string;
  yourPart: ContractParty;
  clientId: string;
  freelancerId: string;
  total: Money;
  milestoneCount: number;
  createdAt: string;
  updatedAt: string;
};

type SummaryRow = {
  id: string;
  title: string;
  state: string;
  client_id: string;
  freelancer_id: string;
  currency: string;
  total: number;
  milestone_count: number;
  created_at: Date;
  updated_at: Date;
};

// $6: only contracts with (true) or without (false) an open dispute, a milestone in dispute now. $7: every
// contract, not only the caller's: an admin listing open disputes, the ones they resolve.
const listSql = `
SELECT c.id, c.title, c.state, c.client_id, c.freelancer_id, c.currency, c.created_at, c.updated_at,
       COALESCE(ms.total, 0)::float8 AS total, COALESCE(ms.n, 0)::int AS milestone_count
FROM contracts c
LEFT JOIN LATERAL (SELECT sum(m.amount_minor) AS total, count(*) AS n FROM milestones m WHERE m.contract_id = c.id) ms ON true
WHERE ($7::boolean OR c.client_id = $1 OR c.freelancer_id = $1)
  AND ($2::text IS NULL OR c.state = $2)
  AND ($3::timestamptz IS NULL OR (c.created_at, c.id) < ($3::timestamptz, $4::text))
  AND ($6::boolean IS NULL
       OR EXISTS (SELECT 1 FROM milestones d WHERE d.contract_id = c.id AND d.state = 'disputed') = $6)
ORDER BY c.created_at DESC, c.id DESC
LIMIT $5`;

export type ContractListQuery = { state?: string; disputed?: boolean; cursor?: string; limit: number };

function partOf(row: SummaryRow, userId: string): ContractParty {
  if (row.client_id === userId) return "client";
  return row.freelancer_id === userId ? "freelancer" : "admin";
}

/**
 * The caller's contracts, newest first. With `disputed: true` an admin gets every contract with an open
 * dispute (their part in the others is "admin"); anyone else only their own.
 */
export async function myContracts(
  db: pg.Pool,
  caller: Caller,
  query: ContractListQuery,
): Promise<Page<ContractSummary>> {
  const [at, id] = contractCursor(query.cursor);
  const { userId } = caller;
  const everyDispute = query.disputed === true && caller.roles.includes("admin");
  const found = await db.query<SummaryRow>(listSql, [
    userId,
    query.state ?? null,
    at,
    id,
    query.limit + 1,
    query.disputed ?? null,
    everyDispute,
  ]);
  const items = found.rows.map((row): ContractSummary => ({
    id: row.id,
    title: row.title,
    state: row.state,
    yourPart: partOf(row, userId),
    clientId: row.client_id,
    freelancerId: row.freelancer_id,
    total: { amountMinor: Number(row.total), currency: row.currency },
    milestoneCount: row.milestone_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }));
  const page = pageOf(items, query.limit, (item) => [item.createdAt, item.id]);
  return page;
}

export type PayoutView = {
  id: string;
  milestoneId: string;
  state: string;
  gross: Money;
  fee: Money;
  net: Money;
  provider: string | null;
  providerPayoutId: string | null;
  failureCode: string | null;
  createdAt: string;
  paidAt: string | null;
};

type PayoutRow = {
  id: string;
  milestone_id: string;
  state: string;
  currency: string;
  gross_minor: number;
  fee_minor: number;
  net_minor: number;
  provider: string | null;
  provider_payout_id: string | null;
  failure_code: string | null;
  created_at: Date;
  paid_at: Date | null;
};

export async function contractPayouts(db: pg.Pool, contractId: string): Promise<{ items: PayoutView[] }> {
  const found = await db.query<PayoutRow>(
    `SELECT p.id::text, p.milestone_id, p.state, p.currency, p.gross_minor::float8, p.fee_minor::float8,
            p.net_minor::float8, p.provider, p.provider_payout_id, p.failure_code, p.created_at, p.paid_at
     FROM payouts p LEFT JOIN milestones m ON m.id = p.milestone_id
     WHERE p.contract_id = $1 ORDER BY m.position NULLS LAST, p.created_at`,
    [contractId],
  );
  const money = (amountMinor: number, currency: string): Money => ({
    amountMinor: Number(amountMinor),
    currency,
  });
  return {
    items: found.rows.map((row) => ({
      id: row.id,
      milestoneId: row.milestone_id,
      state: row.state,
      gross: money(row.gross_minor, row.currency),
      fee: money(row.fee_minor, row.currency),
      net: money(row.net_minor, row.currency),
      provider: row.provider,
      providerPayoutId: row.provider_payout_id,
      failureCode: row.failure_code,
      createdAt: row.created_at.toISOString(),
      paidAt: row.paid_at?.toISOString() ?? null,
    })),
  };
}

export type WorkspaceView = {
  milestoneId: string;
  namespace: string;
  name: string;
  state: string;
  expiresAt: string | null;
  readyAt: string | null;
  updatedAt: string;
};

type WorkspaceRow = {
  milestone_id: string;
  namespace: string;
  name: string;
  state: string;
  expires_at: Date | null;
  ready_at: Date | null;
  updated_at: Date;
};

/** The contract's SkillPods, one per milestone that has one; their stream endpoints stay inside. */
export async function contractWorkspaces(
  db: pg.Pool,
  contractId: string,
): Promise<{ items: WorkspaceView[] }> {
  const found = await db.query<WorkspaceRow>(
    `SELECT w.milestone_id, w.namespace, w.name, w.state, w.expires_at, w.ready_at, w.updated_at
     FROM workspaces w LEFT JOIN milestones m ON m.id = w.milestone_id
     WHERE w.contract_id = $1 ORDER BY m.position NULLS LAST, w.updated_at`,
    [contractId],
  );
  return {
    items: found.rows.map((row) => ({
      milestoneId: row.milestone_id,
      namespace: row.namespace,
      name: row.name,
      state: row.state,
      expiresAt: row.expires_at?.toISOString() ?? null,
      readyAt: row.ready_at?.toISOString() ?? null,
      updatedAt: row.updated_at.toISOString(),
    })),
  };
}
