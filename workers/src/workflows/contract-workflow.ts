// ContractWorkflow: one per contract, the single source of truth for its state machine. Updates validate
// the caller's party and the state before anything is recorded (a wrong one is rejected with a typed
// ApplicationFailure, never ignored); handlers run one at a time; money moves through ledger activities
// with deterministic idempotency keys, so a retried activity or a replayed workflow never moves it twice.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from "@temporalio/workflow";
import {
  acceptContract,
  approveMilestone,
  cancelContract,
  contractErrorCodes,
  contractDefaults,
  contractState,
  fundCompute,
  fundMilestone,
  openDispute,
  payoutSettled,
  requestChanges,
  resolveDispute,
  submitMilestone,
  workspaceChanged,
  type ContractTerms,
  type ContractView,
} from "@skillpod/contract-messages";
import type { ContractActivities } from "../contracts/contract-activity-types.js";
import { defaultChildQueues, type ChildQueues } from "./contract-children.js";
import { deadlines } from "./contract-deadlines.js";
import { ContractMoves } from "./contract-moves.js";
import { initialView, payoutsInFlight, rejected, termsProblem } from "./contract-rules.js";

const records = proxyActivities<ContractActivities>({
  startToCloseTimeout: "10 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "30 seconds",
    maximumAttempts: 30,
  },
});

export type ContractWorkflowInput = {
  terms: ContractTerms;
  /** Task queues of the payout and provisioning children; default "payments" and "provisioning". */
  queues?: ChildQueues;
  /** State carried over by continue-as-new. */
  carried?: ContractView;
};

function finished(view: ContractView): boolean {
  return (view.phase === "completed" || view.phase === "cancelled") && !payoutsInFlight(view);
}

function shouldContinueAsNew(terms: ContractTerms): boolean {
  const info = workflowInfo();
  return (
    info.continueAsNewSuggested ||
    info.historyLength >= (terms.maxHistoryEvents ?? contractDefaults.maxHistoryEvents)
  );
}

function registerHandlers(moves: ContractMoves): void {
  const v = moves.validators;
  setHandler(contractState, () => moves.view);
  setHandler(acceptContract, (r) => moves.run(() => moves.accept(r.actor)), { validator: v.accept });
  setHandler(fundMilestone, (r) => moves.run(() => moves.fund(r)), { validator: v.fund });
  setHandler(submitMilestone, (r) => moves.run(() => moves.submit(r)), { validator: v.submit });
  setHandler(approveMilestone, (r) => moves.run(() => moves.approve(r)), { validator: v.approve });
  setHandler(requestChanges, (r) => moves.run(() => moves.requestChanges(r)), {
    validator: v.requestChanges,
  });
  setHandler(openDispute, (r) => moves.run(() => moves.openDispute(r)), { validator: v.openDispute });
  setHandler(resolveDispute, (r) => moves.run(() => moves.resolveDispute(r)), {
    validator: v.resolveDispute,
  });
  setHandler(cancelContract, (r) => moves.run(() => moves.cancel(r)), { validator: v.cancel });
  setHandler(fundCompute, (r) => moves.run(() => moves.fundCompute(r)), { validator: v.fundCompute });
  setHandler(payoutSettled, (s) => moves.run(() => moves.payoutSettled(s)));
  setHandler(workspaceChanged, (w) => moves.run(() => moves.workspaceChanged(w)));
}

async function fireDueDeadlines(moves: ContractMoves): Promise<void> {
  const now = Date.now();
  for (const deadline of deadlines(moves.terms, moves.view)) {
    if (deadline.at > now) break;
    await moves.run(() => moves.deadlineReached(deadline));
  }
}

/** Runs a contract from offer to completed or cancelled; returns its final state. */
export async function contractWorkflow(input: ContractWorkflowInput): Promise<ContractView> {
  const { terms } = input;
  const problem = termsProblem(terms);
  if (problem !== undefined) throw rejected(contractErrorCodes.invalidTerms, problem);
  const view = input.carried ?? initialView(terms);
  const queues = input.queues ?? defaultChildQueues;
  const moves = new ContractMoves(terms, view, workflowInfo().workflowId, queues);
  registerHandlers(moves);
  if (input.carried === undefined) await records.recordContract(terms, workflowInfo().workflowId);

  while (!finished(view)) {
    const next = deadlines(terms, view)[0];
    const wait = next === undefined ? undefined : Math.max(1, next.at - Date.now());
    await condition(() => moves.changed || finished(view), wait);
    moves.changed = false;
    await fireDueDeadlines(moves);
    if (shouldContinueAsNew(terms)) {
      await condition(allHandlersFinished);
      await moves.drained();
      await continueAsNew<typeof contractWorkflow>({
        terms,
        queues,
        carried: { ...view, generation: view.generation + 1 },
      });
    }
  }
  await condition(allHandlersFinished);
  await moves.drained();
  return view;
}
