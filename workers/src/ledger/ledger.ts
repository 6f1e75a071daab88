// Double-entry postings. Each posting is one PostgreSQL transaction: accounts are created on first use,
// the ledger transaction row claims its idempotency key, and all entries go in with one INSERT so the
// database's balance triggers see the whole transaction. A key that was already posted is a replay: nothing
// is written and the original transaction id comes back.
import type pg from "pg";
import { InsufficientFundsError, LedgerInvariantError } from "./ledger-errors.js";

export type LedgerAccountKind =
  "EXTERNAL" | "CLIENT_WALLET" | "ESCROW" | "PLATFORM_FEES" | "FREELANCER_PAYABLE";

export type LedgerAccountRef = { kind: LedgerAccountKind; ownerRef: string };

export type LedgerLeg = { account: LedgerAccountRef; amountMinor: number };

export type LedgerPosting = {
  idempotencyKey: string;
  kind: string;
  currency: string;
  contractId?: string;
  milestoneId?: string;
  legs: LedgerLeg[];
};

export type PostedTransaction = { transactionId: string; replayed: boolean };

type Queryable = Pick<pg.PoolClient, "query">;

/** Checks what the database would refuse anyway, so the message names the posting rather than a row. */
export function assertPostingShape(posting: LedgerPosting): void {
  if (!/^[A-Z]{3}$/.test(posting.currency)) {
    throw new LedgerInvariantError(`currency ${posting.currency} is not an ISO 4217 code`);
  }
  if (posting.legs.length < 2)
    throw new LedgerInvariantError(`posting ${posting.idempotencyKey} has < 2 legs`);
  let total = 0n;
  for (const leg of posting.legs) {
    if (!Number.isSafeInteger(leg.amountMinor) || leg.amountMinor === 0) {
      throw new LedgerInvariantError(`leg amount ${leg.amountMinor} is not a non-zero safe integer`);
    }
    total += BigInt(leg.amountMinor);
  }
  if (total !== 0n) {
    throw new LedgerInvariantError(`posting ${posting.idempotencyKey} does not balance (sum ${total})`);
  }
}

async function accountIds(db: Queryable, posting: LedgerPosting): Promise<string[]> {
  const kinds = posting.legs.map((leg) => leg.account.kind);
  const owners = posting.legs.map((leg) => leg.account.ownerRef);
  await db.query(
    `INSERT INTO ledger_accounts (kind, owner_ref, currency)
     SELECT k::"LedgerAccountKind", o, $3 FROM unnest($1::text[], $2::text[]) AS t(k, o)
     ON CONFLICT (kind, owner_ref, currency) DO NOTHING`,
    [kinds, owners, posting.currency],
  );
  const rows = await db.query<{ id: string; kind: string; owner_ref: string }>(
    `SELECT id, kind::text, owner_ref FROM ledger_accounts
     WHERE currency = $3 AND (kind::text, owner_ref) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [kinds, owners, posting.currency],
  );
  const byKey = new Map(rows.rows.map((row) => [`${row.kind}/${row.owner_ref}`, row.id]));
  return posting.legs.map((leg) => {
    const id = byKey.get(`${leg.account.kind}/${leg.account.ownerRef}`);
    if (id === undefined)
      throw new LedgerInvariantError(`account ${leg.account.kind}/${leg.account.ownerRef} missing`);
    return id;
  });
}

async function claimKey(db: Queryable, posting: LedgerPosting): Promise<string | undefined> {
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO ledger_transactions (idempotency_key, kind, currency, contract_id, milestone_id)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [
      posting.idempotencyKey,
      posting.kind,
      posting.currency,
      posting.contractId ?? null,
      posting.milestoneId ?? null,
    ],
  );
  return inserted.rows[0]?.id;
}

async function existingTransaction(db: Queryable, posting: LedgerPosting): Promise<string> {
  const found = await db.query<{ id: string; kind: string; currency: string }>(
    "SELECT id, kind, currency FROM ledger_transactions WHERE idempotency_key = $1",
    [posting.idempotencyKey],
  );
  const row = found.rows[0];
  if (row === undefined) throw new LedgerInvariantError(`key ${posting.idempotencyKey} vanished`);
  if (row.kind !== posting.kind || row.currency !== posting.currency) {
    throw new LedgerInvariantError(
      `idempotency key ${posting.idempotencyKey} was used for a ${row.kind} ${row.currency} posting`,
    );
  }
  return row.id;
}

function translateDatabaseError(error: unknown): unknown {
  const pgError = error as { code?: string; constraint?: string; message?: string };
  if (pgError.code === "23514" && pgError.constraint === "ledger_accounts_balance_not_negative") {
    return new InsufficientFundsError(pgError.message ?? "insufficient funds");
  }
  if (pgError.code === "23514") return new LedgerInvariantError(pgError.message ?? "ledger invariant");
  return error;
}

/**
 * Posts inside the caller's open database transaction (so a posting and the caller's own rows commit
 * together). Entries are inserted in account-id order, which keeps balance-row locks in one global order.
 */
export async function postInTransaction(db: Queryable, posting: LedgerPosting): Promise<PostedTransaction> {
  assertPostingShape(posting);
  try {
    const ids = await accountIds(db, posting);
    const transactionId = await claimKey(db, posting);
    if (transactionId === undefined) {
      return { transactionId: await existingTransaction(db, posting), replayed: true };
    }
    const legs = posting.legs
      .map((leg, index) => ({ accountId: ids[index] ?? "", amount: String(leg.amountMinor) }))
      .sort((a, b) => a.accountId.localeCompare(b.accountId));
    await db.query(
      `INSERT INTO ledger_entries (transaction_id, account_id, currency, amount_minor)
       SELECT $1, a, $2, m FROM unnest($3::uuid[], $4::bigint[]) WITH ORDINALITY AS t(a, m, n) ORDER BY n`,
      [transactionId, posting.currency, legs.map((l) => l.accountId), legs.map((l) => l.amount)],
    );
    return { transactionId, replayed: false };
  } catch (error) {
    throw translateDatabaseError(error);
  }
}

/** Runs `work` in one database transaction on a pooled connection; rolls back on any error. */
export async function withDatabaseTransaction<T>(
  pool: pg.Pool,
  work: (db: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Posts in a transaction of its own. */
export function post(pool: pg.Pool, posting: LedgerPosting): Promise<PostedTransaction> {
  return withDatabaseTransaction(pool, (db) => postInTransaction(db, posting));
}

/** The balance of one account in minor units (0 if it was never used). */
export async function balanceOf(
  pool: Queryable,
  account: LedgerAccountRef,
  currency: string,
): Promise<number> {
  const result = await pool.query<{ balance_minor: string }>(
    `SELECT balance_minor FROM ledger_accounts WHERE kind = $1::"LedgerAccountKind" AND owner_ref = $2 AND currency = $3`,
    [account.kind, account.ownerRef, currency],
  );
  return Number(result.rows[0]?.balance_minor ?? 0);
}
