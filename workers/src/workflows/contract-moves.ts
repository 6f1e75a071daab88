// The moves of a contract: each update's effect, the reactions to child workflows, and the timers. One
// move runs at a time (run() chains them), so a handler never sees another half-applied.
import { ActivityFailure, ApplicationFailure, patched, proxyActivities } from "@temporalio/workflow";
import {
  contractErrorCodes,
  freezeWorkspace,
  pausePayout,
  payoutWorkflowId,
  provisioningWorkflowId,
  raiseBudget,
  releaseWorkspace,
  resumePayout,
  unfreezeWorkspace,
  type Actor,
  type ComputeRequest,
  type ContractTerms,
  type ContractView,
  type MilestoneRequest,
  type MilestoneView,
  type PayoutSettlement,
  type WorkspaceReport,
} from "@skillpod/contract-messages";
import type { ContractActivities } from "../contracts/contract-activity-types.js";
import { signalChild, startPayout, startProvisioning, type ChildQueues } from "./contract-children.js";
import { checkComputeTopUp } from "./contract-compute.js";
import type { Deadline } from "./contract-deadlines.js";
import {
  allMilestonesSettled,
  milestoneIn,
  refundableStates,
  rejected,
  requireActive,
  requireParty,
  workingStates,
} from "./contract-rules.js";

const records = proxyActivities<ContractActivities>({
  startToCloseTimeout: "10 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "30 seconds",
    maximumAttempts: 30,
  },
});

const money = proxyActivities<ContractActivities>({
  startToCloseTimeout: "10 seconds",
  retry: {
    initialInterval: "1 second",
    backoffCoefficient: 2,
    maximumInterval: "30 seconds",
    maximumAttempts: 10,
    nonRetryableErrorTypes: [contractErrorCodes.insufficientFunds, contractErrorCodes.ledgerInvariant],
  },
});

/** Funded work not yet approved, or an approval whose payout was declined and reversed into escrow. */
function refundableOnCancel(m: MilestoneView): boolean {
  if (m.state === "approved") return m.payout.failureCode === contractErrorCodes.payoutDeclined;
  return m.funded && refundableStates.includes(m.state);
}

/** Workflow patch: payouts approved during a dispute start paused instead of being paused by signal. */
const startPayoutsPaused = "start-payouts-paused";

/** Workflow patch: the acceptance notice comes from the offer (control plane), not from the workflow. */
const acceptNoticeFromOffers = "accept-notice-from-offers";

const system: Actor = { userId: "system", role: "system" };

/** Turns an activity's typed failure into the update's own failure, so callers see the SKP_ code. */
async function asUpdateFailure<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
      throw rejected(error.cause.type ?? "SKP_INTERNAL", error.cause.message);
    }
    throw error;
  }
}

type Check<R> = (request: R) => void;

export class ContractMoves {
  changed = false;
  #chain: Promise<unknown> = Promise.resolve();
  readonly validators: {
    accept: Check<{ actor: Actor }>;
    fund: Check<MilestoneRequest>;
    submit: Check<MilestoneRequest>;
    approve: Check<MilestoneRequest>;
    requestChanges: Check<MilestoneRequest>;
    openDispute: Check<MilestoneRequest>;
    resolveDispute: Check<MilestoneRequest>;
    cancel: Check<{ actor: Actor }>;
    fundCompute: Check<ComputeRequest>;
  };

  constructor(
    readonly terms: ContractTerms,
    readonly view: ContractView,
    readonly workflowId: string,
    readonly queues: ChildQueues,
  ) {
    const v = view;
    this.validators = {
      accept: ({ actor }) => {
        requireParty(v, actor, ["freelancer"], "accept");
        if (v.phase !== "offer")
          throw rejected(contractErrorCodes.invalidState, `contract is already ${v.phase}`);
      },
      fund: (r) => this.#check(r, ["client"], ["pending"], "fund"),
      submit: (r) => this.#check(r, ["freelancer"], workingStates, "submit"),
      approve: (r) => this.#check(r, ["client"], ["submitted"], "approve"),
      requestChanges: (r) => this.#check(r, ["client"], ["submitted"], "request changes"),
      openDispute: (r) => this.#check(r, ["client", "freelancer"], refundableStates, "open a dispute"),
      fundCompute: (r) => void checkComputeTopUp(terms, v, r),
      resolveDispute: (r) => this.#check(r, ["admin"], ["disputed"], "resolve a dispute"),
      cancel: ({ actor }) => {
        requireParty(v, actor, ["client", "freelancer", "admin"], "cancel");
        if (v.phase !== "offer" && v.phase !== "active") {
          throw rejected(contractErrorCodes.invalidState, `contract is already ${v.phase}`);
        }
        if (v.milestones.some((m) => m.state === "disputed")) {
          throw rejected(contractErrorCodes.invalidState, "resolve the open dispute before cancelling");
        }
      },
    };
  }

  #check(
    r: MilestoneRequest,
    parties: ("client" | "freelancer" | "admin")[],
    states: MilestoneView["state"][],
    action: string,
  ): MilestoneView {
    requireParty(this.view, r.actor, parties, action);
    requireActive(this.view, action);
    return milestoneIn(this.view, r.milestoneId, states, action);
  }

  /** Runs one move after the previous one finished, then flags the main loop. */
  run<T>(move: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(move, move);
    this.#chain = next.catch(() => undefined);
    return next.finally(() => {
      this.changed = true;
    });
  }

  /** Resolves when no move is running or queued. */
  async drained(): Promise<void> {
    for (let seen = this.#chain; ; seen = this.#chain) {
      await seen;
      if (seen === this.#chain) return;
    }
  }

  async accept(actor: Actor): Promise<ContractView> {
    this.validators.accept({ actor });
    this.view.phase = "active";
    await records.recordContractPhase(this.view.contractId, "active");
    // The control plane tells the client itself when their offer is accepted (offer.accepted, with names);
    // contracts started before that kept this notice, and their replay needs it.
    if (!patched(acceptNoticeFromOffers)) {
      await this.#notify(
        "accepted",
        [this.view.clientId],
        "Contract accepted",
        `${actor.userId} accepted the contract.`,
      );
    }
    return this.view;
  }

  async fund(r: MilestoneRequest): Promise<ContractView> {
    const m = this.#check(r, ["client"], ["pending"], "fund");
    await asUpdateFailure(money.fundMilestoneEscrow(this.#money(m)));
    m.funded = true;
    m.state = "funded";
    const provisioning = await startProvisioning(this, m);
    if (!provisioning) m.state = "in_progress";
    else m.workspace = { name: "", state: "Provisioning" };
    await this.#record(m);
    await this.#notify(
      `funded-${m.id}`,
      [this.view.freelancerId],
      "Milestone funded",
      `${m.title} is funded.`,
    );
    return this.view;
  }

  /** More running time for the workspace: its ProvisioningWorkflow raises the SkillPod's budget. */
  async fundCompute(r: ComputeRequest): Promise<ContractView> {
    const { milestone: m, total } = checkComputeTopUp(this.terms, this.view, r);
    m.computeSeconds = total;
    await signalChild(provisioningWorkflowId(this.terms.contractId, m.id), raiseBudget, {
      runningSeconds: total,
    });
    // Kind contract.funded: a top-up is funding too, and users already choose how they hear of that.
    await this.#notify(
      `funded-compute-${m.id}-${total}`,
      [this.view.freelancerId],
      "Compute funded",
      `${m.title}: ${r.seconds}s more running time (${total}s in all).`,
    );
    return this.view;
  }

  async submit(r: MilestoneRequest): Promise<ContractView> {
    const m = this.#check(r, ["freelancer"], workingStates, "submit");
    m.state = "submitted";
    m.submissions += 1;
    m.submittedAt = new Date(Date.now()).toISOString();
    await this.#record(m);
    await this.#notify(`submitted-${m.id}-${m.submissions}`, [this.view.clientId], "Work submitted", m.title);
    return this.view;
  }

  async approve(r: MilestoneRequest): Promise<ContractView> {
    const m = this.#check(r, ["client"], ["submitted"], "approve");
    await this.#approve(m, r.actor);
    return this.view;
  }

  async requestChanges(r: MilestoneRequest): Promise<ContractView> {
    const m = this.#check(r, ["client"], ["submitted"], "request changes");
    m.state = "changes_requested";
    delete m.submittedAt;
    await this.#record(m);
    await this.#notify(
      `changes-${m.id}-${m.submissions}`,
      [this.view.freelancerId],
      "Changes requested",
      m.title,
    );
    return this.view;
  }

  async openDispute(r: MilestoneRequest & { reason?: string }): Promise<ContractView> {
    const m = this.#check(r, ["client", "freelancer"], refundableStates, "open a dispute");
    m.state = "disputed";
    m.dispute = { openedBy: r.actor.userId, reason: r.reason ?? "" };
    await this.#record(m);
    if (m.workspace !== undefined) {
      await signalChild(provisioningWorkflowId(this.terms.contractId, m.id), freezeWorkspace);
    }
    await this.#pausePayouts();
    await this.#notify(`dispute-${m.id}`, this.#parties(), "Dispute opened", m.dispute.reason);
    return this.view;
  }

  async resolveDispute(r: MilestoneRequest & { favor?: "freelancer" | "client" }): Promise<ContractView> {
    const m = this.#check(r, ["admin"], ["disputed"], "resolve a dispute");
    const favor = r.favor === "client" ? "client" : "freelancer";
    if (m.dispute !== undefined) m.dispute.resolvedFor = favor;
    if (favor === "freelancer") await this.#approve(m, r.actor);
    else await this.#refund(m, "refunded");
    if (!this.view.milestones.some((x) => x.state === "disputed")) await this.#resumePayouts();
    await this.#notify(`resolved-${m.id}`, this.#parties(), "Dispute resolved", `Resolved for the ${favor}.`);
    return this.view;
  }

  async cancel(r: { actor: Actor; reason?: string }): Promise<ContractView> {
    this.validators.cancel(r);
    for (const m of this.view.milestones) {
      if (refundableOnCancel(m)) await this.#refund(m, "contract-ended");
      else if (m.state === "pending") {
        m.state = "cancelled";
        await this.#record(m);
      }
    }
    this.view.phase = "cancelled";
    this.view.cancelledBy = r.actor.userId;
    await records.recordContractPhase(this.view.contractId, "cancelled");
    await this.#notify("cancelled", this.#parties(), "Contract cancelled", r.reason ?? "");
    return this.view;
  }

  async payoutSettled(s: PayoutSettlement): Promise<void> {
    const m = this.view.milestones.find((x) => x.id === s.milestoneId);
    if (m === undefined) return;
    m.payout = {
      state: s.outcome,
      ...(s.providerPayoutId === undefined ? {} : { providerPayoutId: s.providerPayoutId }),
      ...(s.failureCode === undefined ? {} : { failureCode: s.failureCode }),
    };
    await this.#completeIfSettled();
  }

  async workspaceChanged(w: WorkspaceReport): Promise<void> {
    const m = this.view.milestones.find((x) => x.id === w.milestoneId);
    if (m === undefined) return;
    m.workspace = {
      name: w.name,
      state: w.state,
      ...(w.endpoint === undefined ? {} : { endpoint: w.endpoint }),
    };
    if (m.state === "funded" && w.state === "Running") {
      m.state = "in_progress";
      await this.#record(m);
    }
  }

  async deadlineReached(deadline: Deadline): Promise<void> {
    const m = this.view.milestones.find((x) => x.id === deadline.milestoneId);
    if (m === undefined) return;
    if (deadline.kind === "auto-approve" && m.state === "submitted") {
      await this.#approve(m, system);
      return;
    }
    if (deadline.kind === "reminder" && m.remindedAt === undefined) {
      m.remindedAt = new Date(Date.now()).toISOString();
      await this.#notify(
        `reminder-${m.id}`,
        this.#parties(),
        "Milestone due soon",
        `${m.title} is due ${m.dueAt}.`,
      );
    }
  }

  async #approve(m: MilestoneView, actor: Actor): Promise<void> {
    m.state = "approved";
    m.approvedBy = actor.userId;
    await this.#record(m);
    const disputed = this.view.milestones.some((x) => x.state === "disputed");
    if (patched(startPayoutsPaused)) {
      // Started paused while a dispute is open, so no signal can arrive too late to hold the transfer.
      await startPayout(this, m, disputed);
      m.payout = { state: disputed ? "paused" : "running" };
    } else {
      // Contracts that approved before the patch paused by signal after the start; their replay needs it.
      await startPayout(this, m, false);
      m.payout = { state: "running" };
      if (disputed) await this.#pausePayouts();
    }
    if (m.workspace !== undefined) await this.#releaseWorkspace(m, "approved");
    await this.#notify(
      `approved-${m.id}`,
      this.#parties(),
      "Milestone approved",
      `${m.title} approved by ${actor.userId}.`,
    );
  }

  async #refund(m: MilestoneView, reason: "refunded" | "contract-ended"): Promise<void> {
    await asUpdateFailure(money.refundMilestoneEscrow(this.#money(m)));
    m.state = "refunded";
    await this.#record(m);
    if (m.workspace !== undefined) await this.#releaseWorkspace(m, reason);
    await this.#completeIfSettled();
  }

  async #releaseWorkspace(
    m: MilestoneView,
    reason: "approved" | "contract-ended" | "refunded",
  ): Promise<void> {
    await signalChild(provisioningWorkflowId(this.terms.contractId, m.id), releaseWorkspace, { reason });
  }

  async #pausePayouts(): Promise<void> {
    for (const m of this.view.milestones.filter((x) => x.payout.state === "running")) {
      if (await signalChild(payoutWorkflowId(this.terms.contractId, m.id), pausePayout))
        m.payout.state = "paused";
    }
  }

  async #resumePayouts(): Promise<void> {
    for (const m of this.view.milestones.filter((x) => x.payout.state === "paused")) {
      m.payout.state = "running";
      await signalChild(payoutWorkflowId(this.terms.contractId, m.id), resumePayout);
    }
    for (const m of this.view.milestones.filter((x) => x.workspace?.state === "Frozen")) {
      await signalChild(provisioningWorkflowId(this.terms.contractId, m.id), unfreezeWorkspace);
    }
  }

  async #completeIfSettled(): Promise<void> {
    if (this.view.phase !== "active" || !allMilestonesSettled(this.view)) return;
    this.view.phase = "completed";
    await records.recordContractPhase(this.view.contractId, "completed");
    await this.#notify("completed", this.#parties(), "Contract completed", this.terms.title);
  }

  #money(m: MilestoneView): Parameters<ContractActivities["fundMilestoneEscrow"]>[0] {
    return {
      contractWorkflowId: this.workflowId,
      contractId: this.terms.contractId,
      milestoneId: m.id,
      clientId: this.terms.clientId,
      currency: this.terms.currency,
      amountMinor: m.amountMinor,
    };
  }

  async #record(m: MilestoneView): Promise<void> {
    await records.recordMilestoneState(this.terms.contractId, m.id, m.state);
  }

  #parties(): string[] {
    return [this.view.clientId, this.view.freelancerId];
  }

  async #notify(event: string, userIds: string[], title: string, body: string): Promise<void> {
    await records.notifyParties({
      dedupeKey: `${this.workflowId}:${event}`,
      userIds,
      kind: `contract.${event.split("-")[0] ?? event}`,
      title,
      body,
    });
  }
}
