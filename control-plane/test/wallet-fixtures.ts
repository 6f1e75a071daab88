// Wallet money for the wallet tests: payable funds posted straight into the ledger as the database owner (in
// the shape a released milestone leaves them), and the sandbox's own record of charges and payouts.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { ownerPool } from "./contracts-fixtures.js";

/**
 * Money in a freelancer's payable, as if a milestone had been released to them and its payout held. Posted
 * as the owner unless another pool is given (the app role may post too, as the workers do).
 */
export async function payableFor(
  freelancerId: string,
  amountMinor: number,
  currency = "USD",
  pool: pg.Pool = ownerPool(),
): Promise<void> {
  const db = await pool.connect();
  try {
    await db.query("BEGIN");
    await db.query(
      `INSERT INTO ledger_accounts (kind, owner_ref, currency)
       VALUES ('EXTERNAL', 'world', $2), ('FREELANCER_PAYABLE', $1, $2) ON CONFLICT (kind, owner_ref, currency) DO NOTHING`,
      [freelancerId, currency],
    );
    const tx = await db.query<{ id: string }>(
      `INSERT INTO ledger_transactions (idempotency_key, kind, currency) VALUES ($1, 'TEST_PAYABLE', $2) RETURNING id`,
      [`test-payable-${randomUUID()}`, currency],
    );
    await db.query(
      `INSERT INTO ledger_entries (transaction_id, account_id, currency, amount_minor)
       SELECT $1, a.id, $2, CASE a.kind WHEN 'EXTERNAL' THEN -$3::bigint ELSE $3::bigint END
       FROM ledger_accounts a
       WHERE a.currency = $2 AND ((a.kind = 'EXTERNAL' AND a.owner_ref = 'world')
          OR (a.kind = 'FREELANCER_PAYABLE' AND a.owner_ref = $4))
       ORDER BY a.id`,
      [tx.rows[0]?.id, currency, amountMinor, freelancerId],
    );
    await db.query("COMMIT");
  } catch (error) {
    await db.query("ROLLBACK");
    throw error;
  } finally {
    db.release();
  }
}

/** The sandbox's charges of a customer (the provider's own record: one per deposit that went through). */
export async function sandboxCharges(customer: string): Promise<{ id: string; amount: number }[]> {
  const found = await ownerPool().query<{ id: string; amount_minor: string }>(
    "SELECT id, amount_minor::text FROM payment_sandbox.charges WHERE customer = $1 ORDER BY created_at",
    [customer],
  );
  return found.rows.map((row) => ({ id: row.id, amount: Number(row.amount_minor) }));
}

/** The sandbox's payouts to a destination. */
export async function sandboxPayoutsTo(destination: string): Promise<{ id: string; amount: number }[]> {
  const found = await ownerPool().query<{ id: string; amount_minor: string }>(
    "SELECT id, amount_minor::text FROM payment_sandbox.payouts WHERE destination = $1 ORDER BY created_at",
    [destination],
  );
  return found.rows.map((row) => ({ id: row.id, amount: Number(row.amount_minor) }));
}

/** How many ledger transactions carry this idempotency key prefix and kind (a deposit's: its workflow id). */
export async function ledgerTransactions(idempotencyKey: string, kind: string): Promise<number> {
  const found = await ownerPool().query<{ n: string }>(
    "SELECT count(*)::text AS n FROM ledger_transactions WHERE idempotency_key = $1 AND kind = $2",
    [idempotencyKey, kind],
  );
  return Number(found.rows[0]?.n ?? 0);
}

/** A sandbox fault for one customer or destination (decline, fail, timeout, slow). */
export async function sandboxFault(
  sandboxUrl: string,
  fault: { mode: "decline" | "fail" | "timeout" | "slow"; destination: string; count?: number },
): Promise<void> {
  const response = await fetch(`${sandboxUrl}/v1/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (response.status !== 201)
    throw new Error(`fault not created: ${response.status} ${await response.text()}`);
}
