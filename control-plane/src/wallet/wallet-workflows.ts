// Running a deposit's or withdrawal's workflow for a request and waiting a bounded time for it. The
// workflow id is the row's and a second start of it is not an error, so concurrent retries of one request
// share one workflow; a request that outwaits the wait gets the row as it stands (PENDING) and reads it later.
import type { WalletClient } from "@skillpod/contracts-client";
import type { DepositInput, WithdrawalInput } from "@skillpod/contract-messages";
import { SkpError } from "../errors/index.js";
import type { MoneyRequest } from "./money-requests.js";

/** How long a request waits for its workflow by default (RFC 7240 `Prefer: wait=N` asks for less). */
export const defaultWaitMs = 10_000;

/** The wait a `Prefer` header asks for, capped at the default; `wait=0` answers at once. */
export function waitFromPrefer(prefer: string | undefined): number {
  const match = /(?:^|[,;\s])wait=(\d{1,6})(?:$|[,;\s])/i.exec(prefer ?? "");
  if (!match?.[1]) return defaultWaitMs;
  return Math.min(Number(match[1]) * 1000, defaultWaitMs);
}

export type MoneyWorkflow = { deposit: DepositInput } | { withdrawal: WithdrawalInput };

async function start(wallet: WalletClient, workflow: MoneyWorkflow): Promise<void> {
  try {
    if ("deposit" in workflow) await wallet.startDeposit(workflow.deposit);
    else await wallet.startWithdrawal(workflow.withdrawal);
  } catch (error) {
    throw new SkpError(
      "SKP_PAYMENTS_UNAVAILABLE",
      503,
      "The payments service is unavailable; retry with the same Idempotency-Key",
      { cause: String(error) },
    );
  }
}

/** Starts the request's workflow (once, whoever asks) and waits up to `waitMs` for it to end. */
export async function runMoneyRequest(
  wallet: WalletClient,
  request: MoneyRequest,
  workflow: MoneyWorkflow,
  waitMs: number,
): Promise<void> {
  if (request.state !== "PENDING") return;
  await start(wallet, workflow);
  // No workers polling: the request is queued and answers PENDING at once rather than after the full wait.
  if (waitMs <= 0 || !(await wallet.hasWorkers())) return;
  if ("deposit" in workflow) await wallet.depositResult(request.id, waitMs);
  else await wallet.withdrawalResult(request.id, waitMs);
}
