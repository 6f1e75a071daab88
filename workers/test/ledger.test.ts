// The ledger against the real PostgreSQL: the database itself refuses unbalanced transactions, overdrawn
// escrow, rewritten history and reused idempotency keys, whatever SQL the caller sends.
import { stackEnv } from "@skillpod/testkit";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  auditLedger,
  balanceOf,
  deposit,
  escrowOf,
  fundEscrow,
  InsufficientFundsError,
  LedgerInvariantError,
  payableOf,
  platformFee,
  post,
  releaseEscrow,
  walletOf,
} from "../src/ledger/index.js";

let pool: pg.Pool;
let appPool: pg.Pool;

beforeAll(() => {
  pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 25 });
  appPool = new pg.Pool({ connectionString: stackEnv("TEST_APP_DATABASE_URL"), max: 2 });
});
afterEach(async () => {
  expect(await auditLedger(pool)).toEqual([]);
});
afterAll(async () => {
  await pool.end();
  await appPool.end();
});

const ids = (): { client: string; contract: string; freelancer: string } => {
  const id = randomUUID().slice(0, 8);
  return { client: `u-client-${id}`, contract: `c-${id}`, freelancer: `u-free-${id}` };
};

async function fundedContract(amount: number): Promise<ReturnType<typeof ids>> {
  const party = ids();
  await post(
    pool,
    deposit({
      idempotencyKey: `dep-${party.contract}`,
      currency: "EUR",
      clientId: party.client,
      amountMinor: amount,
    }),
  );
  await post(
    pool,
    fundEscrow({
      idempotencyKey: `fund-${party.contract}`,
      currency: "EUR",
      clientId: party.client,
      contractId: party.contract,
      milestoneId: "m1",
      amountMinor: amount,
    }),
  );
  return party;
}

describe("ledger on PostgreSQL", () => {
  it("moves money wallet → escrow → payable + fee and keeps every balance", async () => {
    const party = await fundedContract(10_000);
    const fee = platformFee(10_000, 1000);
    await post(
      pool,
      releaseEscrow({
        idempotencyKey: `rel-${party.contract}`,
        currency: "EUR",
        contractId: party.contract,
        milestoneId: "m1",
        amountMinor: 10_000,
        freelancerId: party.freelancer,
        feeMinor: fee,
      }),
    );
    expect(await balanceOf(pool, walletOf(party.client), "EUR")).toBe(0);
    expect(await balanceOf(pool, escrowOf(party.contract), "EUR")).toBe(0);
    expect(await balanceOf(pool, payableOf(party.freelancer), "EUR")).toBe(9_000);
  });

  it("replays a posted idempotency key without writing twice, even 20 times concurrently", async () => {
    const party = ids();
    const posting = deposit({
      idempotencyKey: `dep-${party.contract}`,
      currency: "EUR",
      clientId: party.client,
      amountMinor: 500,
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => post(pool, posting)));
    expect(new Set(results.map((r) => r.transactionId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await balanceOf(pool, walletOf(party.client), "EUR")).toBe(500);
  });

  it("refuses a reused key for different money", async () => {
    const party = ids();
    await post(
      pool,
      deposit({
        idempotencyKey: `k-${party.contract}`,
        currency: "EUR",
        clientId: party.client,
        amountMinor: 1,
      }),
    );
    await expect(
      post(
        pool,
        deposit({
          idempotencyKey: `k-${party.contract}`,
          currency: "USD",
          clientId: party.client,
          amountMinor: 1,
        }),
      ),
    ).rejects.toBeInstanceOf(LedgerInvariantError);
  });

  it("refuses to fund escrow beyond the wallet: the database's balance check, not the code", async () => {
    const party = ids();
    await post(
      pool,
      deposit({
        idempotencyKey: `dep-${party.contract}`,
        currency: "EUR",
        clientId: party.client,
        amountMinor: 100,
      }),
    );
    await expect(
      post(
        pool,
        fundEscrow({
          idempotencyKey: `fund-${party.contract}`,
          currency: "EUR",
          clientId: party.client,
          contractId: party.contract,
          milestoneId: "m1",
          amountMinor: 101,
        }),
      ),
    ).rejects.toBeInstanceOf(InsufficientFundsError);
    // The failed posting left nothing behind, not even its key.
    const keys = await pool.query("SELECT 1 FROM ledger_transactions WHERE idempotency_key = $1", [
      `fund-${party.contract}`,
    ]);
    expect(keys.rowCount).toBe(0);
  });

  describe("raw SQL cannot break the invariants", () => {
    async function rawTransaction(sql: (tx: string, escrow: string, world: string) => string): Promise<void> {
      const party = await fundedContract(1_000);
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const accounts = await client.query<{ id: string; kind: string }>(
          "SELECT id, kind::text FROM ledger_accounts WHERE owner_ref IN ($1, 'world') AND currency = 'EUR'",
          [party.contract],
        );
        const escrow = accounts.rows.find((a) => a.kind === "ESCROW")?.id ?? "";
        const world = accounts.rows.find((a) => a.kind === "EXTERNAL")?.id ?? "";
        const tx = await client.query<{ id: string }>(
          "INSERT INTO ledger_transactions (idempotency_key, kind, currency) VALUES ($1, 'RAW', 'EUR') RETURNING id",
          [`raw-${randomUUID()}`],
        );
        await client.query(sql(tx.rows[0]?.id ?? "", escrow, world));
        await client.query("COMMIT");
      } finally {
        await client.query("ROLLBACK");
        client.release();
      }
    }

    it("an unbalanced transaction", async () => {
      await expect(
        rawTransaction(
          (tx, escrow) =>
            `INSERT INTO ledger_entries (transaction_id, account_id, currency, amount_minor) VALUES ('${tx}', '${escrow}', 'EUR', 5)`,
        ),
      ).rejects.toThrow(/unbalanced/);
    });

    it("escrow below zero", async () => {
      await expect(
        rawTransaction(
          (tx, escrow, world) =>
            `INSERT INTO ledger_entries (transaction_id, account_id, currency, amount_minor)
             VALUES ('${tx}', '${escrow}', 'EUR', -1001), ('${tx}', '${world}', 'EUR', 1001)`,
        ),
      ).rejects.toThrow(/would go negative/);
    });

    it("an entry in another currency than its transaction", async () => {
      await expect(
        rawTransaction(
          (tx, escrow, world) =>
            `INSERT INTO ledger_entries (transaction_id, account_id, currency, amount_minor)
             VALUES ('${tx}', '${escrow}', 'USD', -1), ('${tx}', '${world}', 'USD', 1)`,
        ),
      ).rejects.toThrow(/foreign key/);
    });

    it("a duplicate idempotency key", async () => {
      const party = await fundedContract(10);
      await expect(
        pool.query(
          "INSERT INTO ledger_transactions (idempotency_key, kind, currency) VALUES ($1, 'RAW', 'EUR')",
          [`fund-${party.contract}`],
        ),
      ).rejects.toThrow(/ledger_transactions_idempotency_key_key/);
    });

    it("rewriting history, even as the table owner", async () => {
      const party = await fundedContract(10);
      await expect(
        pool.query(
          "UPDATE ledger_entries SET amount_minor = amount_minor * 2 WHERE transaction_id IN (SELECT id FROM ledger_transactions WHERE idempotency_key = $1)",
          [`fund-${party.contract}`],
        ),
      ).rejects.toThrow(/append-only/);
      await expect(
        pool.query("DELETE FROM ledger_transactions WHERE idempotency_key = $1", [`fund-${party.contract}`]),
      ).rejects.toThrow(/append-only/);
    });

    it("the app role cannot set a balance directly", async () => {
      const party = await fundedContract(10);
      await expect(
        appPool.query("UPDATE ledger_accounts SET balance_minor = 1000000 WHERE owner_ref = $1", [
          party.contract,
        ]),
      ).rejects.toThrow(/permission denied/);
    });
  });

  it("computes fees in integer arithmetic, rounding down", () => {
    expect(platformFee(999, 1000)).toBe(99);
    expect(platformFee(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => platformFee(0, 10)).toThrow(RangeError);
  });
});
