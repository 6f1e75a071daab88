// The caller's ledger entries (their wallet and payable legs), newest first, a keyset page at a time; and
// the same rows as CSV for an export, streamed in batches so a long history is never held in memory.
import { Readable } from "node:stream";
import type pg from "pg";
import { validationFailed } from "../errors/index.js";
import { decodeCursor, pageOf, type CursorKey, type Page } from "../pagination/index.js";
import { safeMinor } from "./balances.js";
import type { Money } from "./money-requests.js";

export type WalletTransaction = {
  id: string;
  transactionId: string;
  kind: string;
  account: "wallet" | "payable";
  /** Signed: money into the account is positive, out of it negative. */
  amount: Money;
  contractId: string | null;
  milestoneId: string | null;
  createdAt: string;
};

type Row = {
  entry_id: string;
  transaction_id: string;
  kind: string;
  account_kind: string;
  amount_minor: string;
  currency: string;
  contract_id: string | null;
  milestone_id: string | null;
  created_at: Date;
};

type After = { createdAt: Date; entryId: string } | undefined;

const pageSql = `
  SELECT e.id::text AS entry_id, t.id::text AS transaction_id, t.kind, a.kind::text AS account_kind,
         e.amount_minor::text, e.currency::text, t.contract_id, t.milestone_id, t.created_at
    FROM ledger_accounts a
    JOIN ledger_entries e ON e.account_id = a.id
    JOIN ledger_transactions t ON t.id = e.transaction_id
   WHERE a.owner_ref = $1::text AND a.kind IN ('CLIENT_WALLET', 'FREELANCER_PAYABLE')
     AND ($2::timestamptz IS NULL OR (t.created_at, e.id) < ($2::timestamptz, $3::bigint))
   ORDER BY t.created_at DESC, e.id DESC
   LIMIT $4`;

function toTransaction(row: Row): WalletTransaction {
  return {
    id: row.entry_id,
    transactionId: row.transaction_id,
    kind: row.kind,
    account: row.account_kind === "CLIENT_WALLET" ? "wallet" : "payable",
    amount: { amountMinor: safeMinor(row.amount_minor), currency: row.currency.trim() },
    contractId: row.contract_id,
    milestoneId: row.milestone_id,
    createdAt: row.created_at.toISOString(),
  };
}

const keyOf = (t: WalletTransaction): CursorKey => [t.createdAt, t.id];

function afterCursor(cursor: string | undefined): After {
  if (!cursor) return undefined;
  const [at, id] = decodeCursor(cursor, 2);
  const createdAt = new Date(typeof at === "string" ? at : Number.NaN);
  if (Number.isNaN(createdAt.getTime()) || typeof id !== "string" || !/^\d{1,19}$/.test(id))
    throw validationFailed([{ field: "cursor", message: "is not a cursor this API returned" }]);
  return { createdAt, entryId: id };
}

async function rowsAfter(
  pool: pg.Pool,
  userId: string,
  after: After,
  limit: number,
): Promise<WalletTransaction[]> {
  const result = await pool.query<Row>(pageSql, [
    userId,
    after?.createdAt ?? null,
    after?.entryId ?? null,
    limit,
  ]);
  return result.rows.map(toTransaction);
}

/** One page of the caller's entries, newest first. */
export async function walletTransactions(
  pool: pg.Pool,
  userId: string,
  query: { cursor?: string; limit: number },
): Promise<Page<WalletTransaction>> {
  const rows = await rowsAfter(pool, userId, afterCursor(query.cursor), query.limit + 1);
  return pageOf(rows, query.limit, keyOf);
}

/**
 * One CSV cell (RFC 4180). Text a spreadsheet would run as a formula (= + - @, tab, carriage return first)
 * gets a leading quote (OWASP's CSV injection advice); numbers go as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvHeader = "created_at,transaction_id,kind,account,amount_minor,currency,contract_id,milestone_id";

function csvLine(t: WalletTransaction): string {
  const cells = [t.createdAt, t.transactionId, t.kind, t.account];
  return [
    ...cells.map(csvCell),
    csvCell(t.amount.amountMinor),
    ...[t.amount.currency, t.contractId, t.milestoneId].map(csvCell),
  ].join(",");
}

async function* csvLines(pool: pg.Pool, userId: string, batch: number): AsyncGenerator<string> {
  yield `${csvHeader}\r\n`;
  let after: After;
  for (;;) {
    const rows = await rowsAfter(pool, userId, after, batch);
    if (rows.length > 0) yield `${rows.map(csvLine).join("\r\n")}\r\n`;
    const last = rows.at(-1);
    if (rows.length < batch || !last) return;
    after = { createdAt: new Date(last.createdAt), entryId: last.id };
  }
}

/** Every entry of the caller as CSV, newest first, read in batches. */
export function walletTransactionsCsv(pool: pg.Pool, userId: string, batch = 500): Readable {
  return Readable.from(csvLines(pool, userId, batch));
}
