// What the control plane calls to start and drive contracts. Every call is one Temporal update (or query)
// on the contract's workflow; a rejected update comes back as a ContractRejectedError carrying the
// workflow's SKP_ code, which the API maps to problem+json.
import {
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from "@temporalio/client";
import { randomUUID } from "node:crypto";
import { ApplicationFailure, type UpdateDefinition } from "@temporalio/common";
import {
  acceptContract,
  contractErrorCodes,
  approveMilestone,
  cancelContract,
  contractState,
  contractWorkflowId,
  fundCompute,
  fundMilestone,
  openDispute,
  requestChanges,
  resolveDispute,
  submitMilestone,
  taskQueues,
  type Actor,
  type ContractTerms,
  type ContractView,
} from "@skillpod/contract-messages";

/** The workflow refused the request: wrong party, wrong state, insufficient funds… (see contractErrorCodes). */
export class ContractRejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ContractRejectedError";
  }
}

const updateRetries = 15;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** gRPC FAILED_PRECONDITION "…due to Workflow Task in failed state": a transient refusal, not a rejection. */
export function isWorkflowTaskRetrying(error: unknown): boolean {
  if (!(error instanceof ServiceError)) return false;
  const cause = error.cause as { code?: unknown; details?: unknown } | undefined;
  return (
    cause?.code === 9 &&
    typeof cause.details === "string" &&
    cause.details.includes("Workflow Task in failed state")
  );
}

export type ContractsClientOptions = {
  client: Client;
  /** Default "contracts"; the others default to "payments" and "provisioning". */
  taskQueues?: { contracts: string; payments: string; provisioning: string };
};

export class ContractsClient {
  readonly #client: Client;
  readonly #queues: { contracts: string; payments: string; provisioning: string };

  constructor(options: ContractsClientOptions) {
    this.#client = options.client;
    this.#queues = options.taskQueues ?? { ...taskQueues };
  }

  /** Starts the contract's workflow; starting one that already runs is not an error (same id). */
  async start(terms: ContractTerms): Promise<string> {
    const workflowId = contractWorkflowId(terms.contractId);
    try {
      await this.#client.workflow.start("contractWorkflow", {
        workflowId,
        taskQueue: this.#queues.contracts,
        args: [
          { terms, queues: { payments: this.#queues.payments, provisioning: this.#queues.provisioning } },
        ],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return workflowId;
  }

  accept(contractId: string, actor: Actor): Promise<ContractView> {
    return this.#update(contractId, acceptContract, { actor });
  }

  fund(contractId: string, actor: Actor, milestoneId: string): Promise<ContractView> {
    return this.#update(contractId, fundMilestone, { actor, milestoneId });
  }

  /** More running time for a milestone's workspace: its SkillPod's budget rises by `seconds`. */
  fundCompute(contractId: string, actor: Actor, milestoneId: string, seconds: number): Promise<ContractView> {
    return this.#update(contractId, fundCompute, { actor, milestoneId, seconds });
  }

  submit(contractId: string, actor: Actor, milestoneId: string, note?: string): Promise<ContractView> {
    return this.#update(contractId, submitMilestone, {
      actor,
      milestoneId,
      ...(note === undefined ? {} : { note }),
    });
  }

  approve(contractId: string, actor: Actor, milestoneId: string): Promise<ContractView> {
    return this.#update(contractId, approveMilestone, { actor, milestoneId });
  }

  requestChanges(
    contractId: string,
    actor: Actor,
    milestoneId: string,
    reason: string,
  ): Promise<ContractView> {
    return this.#update(contractId, requestChanges, { actor, milestoneId, reason });
  }

  openDispute(contractId: string, actor: Actor, milestoneId: string, reason: string): Promise<ContractView> {
    return this.#update(contractId, openDispute, { actor, milestoneId, reason });
  }

  resolveDispute(
    contractId: string,
    actor: Actor,
    request: { milestoneId: string; favor: "freelancer" | "client" },
  ): Promise<ContractView> {
    return this.#update(contractId, resolveDispute, { actor, ...request });
  }

  cancel(contractId: string, actor: Actor, reason: string): Promise<ContractView> {
    return this.#update(contractId, cancelContract, { actor, reason });
  }

  state(contractId: string): Promise<ContractView> {
    return this.#client.workflow.getHandle(contractWorkflowId(contractId)).query(contractState);
  }

  /** Waits for the contract to finish (completed or cancelled, every payout settled). */
  result(contractId: string): Promise<ContractView> {
    return this.#client.workflow.getHandle(contractWorkflowId(contractId)).result() as Promise<ContractView>;
  }

  async #update<A>(
    contractId: string,
    definition: UpdateDefinition<ContractView, [A]>,
    request: A,
  ): Promise<ContractView> {
    try {
      return await this.#updateWhenAccepted(contractId, definition, request);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        throw new ContractRejectedError(error.cause.type ?? "SKP_CONTRACT_REJECTED", error.cause.message);
      }
      if (error instanceof WorkflowNotFoundError) throw await this.#notRunning(contractId);
      throw error;
    }
  }

  /**
   * The server refuses updates while the workflow's task is being retried (its worker crashed or timed out);
   * that passes once a worker runs the task again, so those refusals are retried for up to about a minute.
   */
  async #updateWhenAccepted<A>(
    contractId: string,
    definition: UpdateDefinition<ContractView, [A]>,
    request: A,
  ): Promise<ContractView> {
    const handle = this.#client.workflow.getHandle(contractWorkflowId(contractId));
    // One id for every attempt: the server runs an update id once, so a resent update cannot apply twice.
    const updateId = randomUUID();
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await handle.executeUpdate(definition, { args: [request], updateId });
      } catch (error) {
        // The RPC also times out while no worker is there to accept the update (a crashed worker restarting).
        const retryable =
          isWorkflowTaskRetrying(error) || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError;
        if (attempt >= updateRetries || !retryable) throw error;
        await delay(Math.min(250 * 2 ** attempt, 5_000));
      }
    }
  }

  /** An update to a contract whose workflow has ended is a state error; to an unknown one, not found. */
  async #notRunning(contractId: string): Promise<ContractRejectedError> {
    try {
      const description = await this.#client.workflow.getHandle(contractWorkflowId(contractId)).describe();
      return new ContractRejectedError(
        contractErrorCodes.invalidState,
        `contract ${contractId} has ended (${description.status.name.toLowerCase()})`,
      );
    } catch {
      return new ContractRejectedError(contractErrorCodes.notFound, `no contract ${contractId}`);
    }
  }
}
