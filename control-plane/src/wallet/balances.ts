// A user's money per currency, from the ledger: their wallet (available), the escrow of contracts they are
// the client of, their payable, and what left their payable for the outside (payouts and withdrawals, net of
// reversed withdrawals).
import type pg from "pg";
import type { Money } from "./money-requests.js";

export type WalletBalance = {
  currency: string;
  available: Money;
  inEscrow: Money;
  payable: Money;
  paidOut: Money;
};

type Part = "available" | "inEscrow" | "payable" | "paidOut";

const balancesSql = `
  SELECT currency::text, part, SUM(amount)::text AS total FROM (
    SELECT a.currency, CASE a.kind WHEN 'CLIENT_WALLET' THEN 'available' ELSE 'payable' END AS part,
           a.balance_minor AS amount
      FROM ledger_accounts a
     WHERE a.owner_ref = $1::text AND a.kind IN ('CLIENT_WALLET', 'FREELANCER_PAYABLE')
    UNION ALL
    SELECT a.currency, 'inEscrow', a.balance_minor
      FROM ledger_accounts a JOIN contracts c ON c.id = a.owner_ref
     WHERE a.kind = 'ESCROW' AND c.client_id = $1::text
    UNION ALL
    SELECT e.currency, 'paidOut', -e.amount_minor
      FROM ledger_accounts a
      JOIN ledger_entries e ON e.account_id = a.id
      JOIN ledger_transactions t ON t.id = e.transaction_id
     WHERE a.owner_ref = $1::text AND a.kind = 'FREELANCER_PAYABLE'
       AND t.kind IN ('PAYOUT', 'WITHDRAWAL', 'REVERSE_WITHDRAWAL')
  ) parts
  GROUP BY currency, part
  ORDER BY currency`;

/** A bigint from SQL as a number; a sum past 2^53 would be silently wrong in JSON, so it is refused. */
export function safeMinor(value: string): number {
  const big = BigInt(value);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount ${value} is beyond a safe integer`);
  }
  return Number(big);
}

/** One row per currency the user has ever held money in, sorted by currency. */
export async function walletBalances(pool: pg.Pool, userId: string): Promise<WalletBalance[]> {
  const result = await pool.query<{ currency: string; part: Part; total: string }>(balancesSql, [userId]);
  const byCurrency = new Map<string, WalletBalance>();
  for (const row of result.rows) {
    const currency = row.currency.trim();
    const zero = (): Money => ({ amountMinor: 0, currency });
    const balance = byCurrency.get(currency) ?? {
      currency,
      available: zero(),
      inEscrow: zero(),
      payable: zero(),
      paidOut: zero(),
    };
    balance[row.part] = { amountMinor: safeMinor(row.total), currency };
    byCurrency.set(currency, balance);
  }
  return [...byCurrency.values()];
}
