// A deposit or withdrawal from request to outcome: claim the row for the Idempotency-Key, run its workflow
// (once, however many retries race), wait a bounded time, and answer with the row as it then stands.
import type { LiveEvent } from "@skillpod/live-events";
import type { WalletClient } from "@skillpod/contracts-client";
import type pg from "pg";
import { SkpError } from "../errors/index.js";
import {
  claimMoneyRequest,
  moneyRequestForKey,
  ownMoneyRequest,
  type MoneyRequest,
  type MoneyRequestInput,
  type MoneyRequestKind,
} from "./money-requests.js";
import { runMoneyRequest } from "./wallet-workflows.js";

export type WalletDeps = {
  pool: pg.Pool;
  /** Starts and waits for the wallet's workflows on the workers' payments task queue. */
  wallet: WalletClient;
  publishLive(userIds: readonly string[], event: LiveEvent): Promise<void>;
};

export type MoneyOutcome = { request: MoneyRequest; created: boolean };

/** A request that ended FAILED, as the caller hears it: 402 with the workflow's code and the row's id. */
function failure(kind: MoneyRequestKind, request: MoneyRequest): SkpError {
  const code = request.failureCode ?? "SKP_PAYMENT_FAILED";
  return new SkpError(code, 402, `The ${kind} ${request.id} failed (${code})`, { [`${kind}Id`]: request.id });
}

async function settle(
  deps: WalletDeps,
  kind: MoneyRequestKind,
  outcome: MoneyOutcome,
): Promise<MoneyOutcome> {
  const now = await ownMoneyRequest(deps.pool, kind, outcome.request.userId, outcome.request.id);
  // The request that made the row announces its end; a retry's replay changes nothing to announce.
  if (outcome.created && now.state !== "PENDING") {
    await deps.publishLive([now.userId], {
      type: "wallet.changed",
      data: { [`${kind}Id`]: now.id, state: now.state, amount: now.amount },
    });
  }
  if (now.state === "FAILED") throw failure(kind, now);
  return { request: now, created: outcome.created };
}

/** Charges the client through the PaymentProvider and credits their wallet, once per Idempotency-Key. */
export async function depositMoney(
  deps: WalletDeps,
  input: MoneyRequestInput,
  waitMs: number,
): Promise<MoneyOutcome> {
  const claimed = await claimMoneyRequest(deps.pool, "deposit", input);
  const { request } = claimed;
  const deposit = {
    depositId: request.id,
    userId: request.userId,
    amountMinor: request.amount.amountMinor,
    currency: request.amount.currency,
    paymentMethod: request.paymentMethod ?? "sandbox",
  };
  await runMoneyRequest(deps.wallet, request, { deposit }, waitMs);
  return settle(deps, "deposit", claimed);
}

async function payableMinor(pool: pg.Pool, userId: string, currency: string): Promise<bigint> {
  const result = await pool.query<{ balance_minor: string }>(
    `SELECT balance_minor::text FROM ledger_accounts
     WHERE kind = 'FREELANCER_PAYABLE' AND owner_ref = $1::text AND currency = $2`,
    [userId, currency],
  );
  return BigInt(result.rows[0]?.balance_minor ?? "0");
}

/**
 * Pays a freelancer's payable funds out, once per Idempotency-Key. A new request that the payable cannot
 * cover is refused before any row or workflow exists; the workflow checks again (the ledger decides).
 */
export async function withdrawMoney(
  deps: WalletDeps,
  input: MoneyRequestInput,
  waitMs: number,
): Promise<MoneyOutcome> {
  const existing = await moneyRequestForKey(deps.pool, "withdrawal", input.userId, input.idempotencyKey);
  const payable = existing ? undefined : await payableMinor(deps.pool, input.userId, input.amount.currency);
  if (payable !== undefined && payable < BigInt(input.amount.amountMinor)) {
    throw new SkpError(
      "SKP_INSUFFICIENT_FUNDS",
      402,
      `Payable funds in ${input.amount.currency} (${payable}) do not cover ${input.amount.amountMinor}`,
    );
  }
  const claimed = await claimMoneyRequest(deps.pool, "withdrawal", input);
  const { request } = claimed;
  const withdrawal = {
    withdrawalId: request.id,
    userId: request.userId,
    amountMinor: request.amount.amountMinor,
    currency: request.amount.currency,
  };
  await runMoneyRequest(deps.wallet, request, { withdrawal }, waitMs);
  return settle(deps, "withdrawal", claimed);
}
