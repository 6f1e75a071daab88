// A full consistency check of the ledger, run by tests after every scenario and usable by an operator:
// every transaction balances, every balance equals its entries, nothing but EXTERNAL is negative.
import type pg from "pg";

export type LedgerViolation = { rule: string; subject: string; detail: string };

const checks: { rule: string; sql: string }[] = [
  {
    rule: "transaction-balances",
    sql: `SELECT t.id AS subject, 'sum ' || COALESCE(SUM(e.amount_minor), 0) || ' over ' || COUNT(e.id) || ' entries' AS detail
          FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
          GROUP BY t.id HAVING COALESCE(SUM(e.amount_minor), 0) <> 0 OR COUNT(e.id) < 2`,
  },
  {
    rule: "balance-matches-entries",
    sql: `SELECT a.id AS subject, 'balance ' || a.balance_minor || ' vs entries ' || COALESCE(SUM(e.amount_minor), 0) AS detail
          FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
          GROUP BY a.id HAVING a.balance_minor <> COALESCE(SUM(e.amount_minor), 0)`,
  },
  {
    rule: "no-negative-balance",
    sql: `SELECT id AS subject, kind || ' ' || owner_ref || ' at ' || balance_minor AS detail
          FROM ledger_accounts WHERE kind <> 'EXTERNAL' AND balance_minor < 0`,
  },
  {
    rule: "currency-sums-to-zero",
    sql: `SELECT currency AS subject, 'all balances sum to ' || SUM(balance_minor) AS detail
          FROM ledger_accounts GROUP BY currency HAVING SUM(balance_minor) <> 0`,
  },
];

/** The invariants auditLedger checks, by the rule name its violations carry. */
export const ledgerAuditRules: readonly string[] = checks.map((check) => check.rule);

/** Every violation of the ledger's invariants; an empty list means the books are consistent. */
export async function auditLedger(pool: pg.Pool): Promise<LedgerViolation[]> {
  const violations: LedgerViolation[] = [];
  for (const check of checks) {
    const result = await pool.query<{ subject: string; detail: string }>(check.sql);
    violations.push(...result.rows.map((row) => ({ rule: check.rule, ...row })));
  }
  return violations;
}
