// Starting a deposit's or withdrawal's workflow and waiting a bounded time for it. The workflow id is the
// row's, and a second start of it is refused by Temporal, so concurrent retries of one request share one
// workflow; a request that outwaits the wait gets the row as it stands (PENDING) and reads it later.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from "@temporalio/client";
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

type Start =
  | { workflowType: "depositWorkflow"; args: [DepositInput] }
  | { workflowType: "withdrawalWorkflow"; args: [WithdrawalInput] };

async function start(temporal: Client, request: MoneyRequest, taskQueue: string, what: Start): Promise<void> {
  try {
    await temporal.workflow.start(what.workflowType, {
      workflowId: request.workflowId,
      taskQueue,
      args: what.args,
      // A finished deposit's id must never run again (its row is final; a new run would find nothing to do).
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    throw new SkpError(
      "SKP_WORKFLOWS_UNAVAILABLE",
      503,
      "The payments service is unavailable; retry with the same Idempotency-Key",
      {
        cause: String(error),
      },
    );
  }
}

/** Starts the request's workflow (once, whoever asks) and waits up to `waitMs` for it to end. */
export async function runMoneyRequest(
  temporal: Client,
  request: MoneyRequest,
  options: { taskQueue: string; waitMs: number; start: Start },
): Promise<void> {
  if (request.state !== "PENDING") return;
  await start(temporal, request, options.taskQueue, options.start);
  if (options.waitMs <= 0) return;
  const handle = temporal.workflow.getHandle(request.workflowId);
  // The long poll is cancelled with the wait, so a workflow nobody runs leaves no poll behind.
  await temporal
    .withAbortSignal(AbortSignal.timeout(options.waitMs), () => handle.result())
    .catch(() => undefined);
}
