// Deposits and withdrawals as rows: one per (user, Idempotency-Key). A retry with the same key and the same
// request finds the row the first request made (and its workflow); the same key with another request is a
// 422, never a second movement of money.
import { randomUUID } from "node:crypto";
import { depositWorkflowId, withdrawalWorkflowId } from "@skillpod/contract-messages";
import type pg from "pg";
import { invalid, notFound } from "../errors/index.js";

export type MoneyRequestKind = "deposit" | "withdrawal";
export type MoneyRequestState = "PENDING" | "SUCCEEDED" | "FAILED";
export type Money = { amountMinor: number; currency: string };

export type MoneyRequest = {
  id: string;
  userId: string;
  workflowId: string;
  state: MoneyRequestState;
  amount: Money;
  /** Deposits only. */
  paymentMethod: string | null;
  provider: string | null;
  /** The provider's charge (deposit) or payout (withdrawal) id. */
  providerReference: string | null;
  failureCode: string | null;
  createdAt: Date;
  completedAt: Date | null;
};

export type MoneyRequestInput = {
  userId: string;
  idempotencyKey: string;
  amount: Money;
  paymentMethod?: string;
};

type Row = {
  id: string;
  user_id: string;
  workflow_id: string;
  state: MoneyRequestState;
  amount_minor: string;
  currency: string;
  payment_method: string | null;
  provider: string | null;
  provider_reference: string | null;
  failure_code: string | null;
  created_at: Date;
  completed_at: Date | null;
};

const tables = {
  deposit: {
    table: "deposits",
    reference: "provider_charge_id",
    method: "payment_method",
    workflowId: depositWorkflowId,
  },
  withdrawal: {
    table: "withdrawals",
    reference: "provider_payout_id",
    method: "NULL::text",
    workflowId: withdrawalWorkflowId,
  },
} as const;

const columns = (kind: MoneyRequestKind): string =>
  `id, user_id::text, workflow_id, state::text, amount_minor::text, currency, ${tables[kind].method} AS payment_method,
   provider, ${tables[kind].reference} AS provider_reference, failure_code, created_at, completed_at`;

function toRequest(row: Row): MoneyRequest {
  return {
    id: row.id,
    userId: row.user_id,
    workflowId: row.workflow_id,
    state: row.state,
    // Written from a validated safe integer, so the bigint round-trips exactly.
    amount: { amountMinor: Number(row.amount_minor), currency: row.currency.trim() },
    paymentMethod: row.payment_method,
    provider: row.provider,
    providerReference: row.provider_reference,
    failureCode: row.failure_code,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

function sameRequest(kind: MoneyRequestKind, found: MoneyRequest, input: MoneyRequestInput): boolean {
  const sameMoney =
    found.amount.amountMinor === input.amount.amountMinor && found.amount.currency === input.amount.currency;
  return sameMoney && (kind === "withdrawal" || found.paymentMethod === (input.paymentMethod ?? "sandbox"));
}

async function insert(
  pool: pg.Pool,
  kind: MoneyRequestKind,
  input: MoneyRequestInput,
): Promise<Row | undefined> {
  const id = randomUUID();
  const { table } = tables[kind];
  const method = kind === "deposit" ? ", payment_method" : "";
  const params: unknown[] = [
    id,
    input.userId,
    input.idempotencyKey,
    input.amount.amountMinor,
    input.amount.currency,
    tables[kind].workflowId(id),
  ];
  if (kind === "deposit") params.push(input.paymentMethod ?? "sandbox");
  const result = await pool.query<Row>(
    `INSERT INTO ${table} (id, user_id, idempotency_key, amount_minor, currency, workflow_id${method})
     VALUES ($1, $2, $3, $4, $5, $6${kind === "deposit" ? ", $7" : ""})
     ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING ${columns(kind)}`,
    params,
  );
  return result.rows[0];
}

/**
 * The request this key names: created now, or the one an earlier request with the same key made (a
 * concurrent insert of the key is waited for by ON CONFLICT, so the read below finds it).
 */
export async function claimMoneyRequest(
  pool: pg.Pool,
  kind: MoneyRequestKind,
  input: MoneyRequestInput,
): Promise<{ request: MoneyRequest; created: boolean }> {
  const inserted = await insert(pool, kind, input);
  if (inserted) return { request: toRequest(inserted), created: true };
  const found = await pool.query<Row>(
    `SELECT ${columns(kind)} FROM ${tables[kind].table} WHERE user_id = $1 AND idempotency_key = $2`,
    [input.userId, input.idempotencyKey],
  );
  const row = found.rows[0];
  if (!row) throw new Error(`${kind} for key ${input.idempotencyKey} vanished after a conflicting insert`);
  const request = toRequest(row);
  if (!sameRequest(kind, request, input)) {
    throw invalid(
      "SKP_IDEMPOTENCY_KEY_REUSED",
      `Idempotency-Key ${input.idempotencyKey} was already used for another ${kind} (${request.id})`,
    );
  }
  return { request, created: false };
}

/** The caller's existing request for this key, if any (to replay it before checking balances). */
export async function moneyRequestForKey(
  pool: pg.Pool,
  kind: MoneyRequestKind,
  userId: string,
  idempotencyKey: string,
): Promise<MoneyRequest | undefined> {
  const found = await pool.query<Row>(
    `SELECT ${columns(kind)} FROM ${tables[kind].table} WHERE user_id = $1 AND idempotency_key = $2`,
    [userId, idempotencyKey],
  );
  return found.rows[0] ? toRequest(found.rows[0]) : undefined;
}

/** The caller's own deposit or withdrawal; anyone else's is a 404, as a missing one is. */
export async function ownMoneyRequest(
  pool: pg.Pool,
  kind: MoneyRequestKind,
  userId: string,
  id: string,
): Promise<MoneyRequest> {
  const found = await pool.query<Row>(
    `SELECT ${columns(kind)} FROM ${tables[kind].table} WHERE id = $1::uuid AND user_id = $2::uuid`,
    [id, userId],
  );
  const row = found.rows[0];
  if (!row) throw notFound(kind === "deposit" ? "Deposit" : "Withdrawal");
  return toRequest(row);
}
