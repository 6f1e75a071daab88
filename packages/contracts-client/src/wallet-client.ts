// What the control plane calls to run deposits and withdrawals: one workflow per request row on the
// payments task queue, started at most once (a second start of the same id is not an error), and a bounded
// wait for its result, so an HTTP request never hangs on a workflow that nobody runs.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from "@temporalio/client";
import {
  depositWorkflowId,
  taskQueues,
  withdrawalWorkflowId,
  type DepositInput,
  type DepositResult,
  type WithdrawalInput,
  type WithdrawalResult,
} from "@skillpod/contract-messages";

export type WalletClientOptions = {
  client: Client;
  /** Default "payments". */
  paymentsTaskQueue?: string;
};

// temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW (the proto package is not a dependency here).
const workflowTaskQueue = 1;
const pollersCacheMs = 5_000;

export class WalletClient {
  readonly #client: Client;
  readonly #queue: string;
  #pollers: { at: number; present: boolean } | undefined;

  constructor(options: WalletClientOptions) {
    this.#client = options.client;
    this.#queue = options.paymentsTaskQueue ?? taskQueues.payments;
  }

  /** Starts the deposit's workflow unless it was started before; returns its id. */
  startDeposit(input: DepositInput): Promise<string> {
    return this.#start("depositWorkflow", depositWorkflowId(input.depositId), input);
  }

  /** Starts the withdrawal's workflow unless it was started before; returns its id. */
  startWithdrawal(input: WithdrawalInput): Promise<string> {
    return this.#start("withdrawalWorkflow", withdrawalWorkflowId(input.withdrawalId), input);
  }

  /** The deposit's result, or undefined if it has not ended within `waitMs`. */
  depositResult(depositId: string, waitMs: number): Promise<DepositResult | undefined> {
    return this.#result<DepositResult>(depositWorkflowId(depositId), waitMs);
  }

  /** The withdrawal's result, or undefined if it has not ended within `waitMs`. */
  withdrawalResult(withdrawalId: string, waitMs: number): Promise<WithdrawalResult | undefined> {
    return this.#result<WithdrawalResult>(withdrawalWorkflowId(withdrawalId), waitMs);
  }

  /**
   * Whether a worker polls the payments queue (asked at most every few seconds). Without one a request
   * need not wait for a result that cannot come; an unanswered question counts as yes (waiting is safe).
   */
  async hasWorkers(): Promise<boolean> {
    const now = Date.now();
    if (this.#pollers && now - this.#pollers.at < pollersCacheMs) return this.#pollers.present;
    let present = true;
    try {
      const answer = await this.#client.workflowService.describeTaskQueue({
        namespace: this.#client.options.namespace,
        taskQueue: { name: this.#queue },
        taskQueueType: workflowTaskQueue,
      });
      present = (answer.pollers?.length ?? 0) > 0;
    } catch {
      present = true;
    }
    this.#pollers = { at: now, present };
    return present;
  }

  async #start(workflowType: string, workflowId: string, input: object): Promise<string> {
    try {
      await this.#client.workflow.start(workflowType, {
        workflowId,
        taskQueue: this.#queue,
        args: [input],
        // A finished request's id never runs again: its row is final, and its money has moved.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return workflowId;
  }

  async #result<T>(workflowId: string, waitMs: number): Promise<T | undefined> {
    if (waitMs <= 0) return undefined;
    const handle = this.#client.workflow.getHandle(workflowId);
    // The long poll is cancelled with the wait, so a workflow nobody runs leaves no poll behind.
    try {
      return (await this.#client.withAbortSignal(AbortSignal.timeout(waitMs), () => handle.result())) as T;
    } catch {
      return undefined;
    }
  }
}
