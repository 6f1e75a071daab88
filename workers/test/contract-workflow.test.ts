// Every contract path on the real Temporal dev server, PostgreSQL ledger and payment sandbox. After each
// test the whole ledger is audited: every transaction balances and no escrow, wallet or payable is negative.
import { contractErrorCodes, type ContractTerms, type ContractView } from "@skillpod/contract-messages";
import { ContractRejectedError } from "@skillpod/contracts-client";
import { waitFor } from "@skillpod/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NotificationJob } from "../src/notifications/index.js";
import { auditLedger, balanceOf, escrowOf, payableOf, walletOf } from "../src/ledger/index.js";
import { startContractStack, type ContractStack } from "./contract-harness.js";
import { admin, clientOf, freelancerOf, milestone, newTerms } from "./contract-fixtures.js";

let stack: ContractStack;

beforeAll(async () => {
  stack = await startContractStack();
}, 120_000);
afterEach(async () => {
  expect(await auditLedger(stack.pool)).toEqual([]);
});
afterAll(async () => {
  await stack?.close();
});

async function activeContract(
  overrides: Partial<ContractTerms> = {},
  wallet = 100_000,
): Promise<ContractTerms> {
  const terms = newTerms(overrides);
  await stack.deposit(terms.clientId, wallet);
  await stack.contracts.start(terms);
  await stack.contracts.accept(terms.contractId, freelancerOf(terms));
  return terms;
}

async function fundAndSubmit(terms: ContractTerms, index: number): Promise<string> {
  const id = milestone(terms, index);
  await stack.contracts.fund(terms.contractId, clientOf(terms), id);
  await stack.contracts.submit(terms.contractId, freelancerOf(terms), id, "done");
  return id;
}

function payoutOf(view: ContractView, id: string): string {
  return view.milestones.find((m) => m.id === id)?.payout.state ?? "missing";
}

async function waitForPayout(terms: ContractTerms, id: string, state = "paid"): Promise<ContractView> {
  return waitFor(
    `payout of ${id} ${state}`,
    async () => {
      const view = await stack.contracts.state(terms.contractId);
      return payoutOf(view, id) === state ? view : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

async function rejection(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractRejectedError);
  return (error as ContractRejectedError).code;
}

const eur = (n: number): number => n;

describe("ContractWorkflow", () => {
  it("happy path: two milestones funded, submitted, approved, paid once each, contract completed", async () => {
    const terms = await activeContract();
    for (const index of [0, 1]) {
      const id = await fundAndSubmit(terms, index);
      await stack.contracts.approve(terms.contractId, clientOf(terms), id);
    }
    const final = await stack.contracts.result(terms.contractId);
    expect(final.phase).toBe("completed");
    expect(final.milestones.map((m) => [m.state, m.payout.state])).toEqual([
      ["approved", "paid"],
      ["approved", "paid"],
    ]);
    const paid = await stack.sandboxPayouts(terms.freelancerId);
    expect(paid.map((p) => p.amountMinor).sort((a, b) => a - b)).toEqual([4_505, 9_000]);
    expect(await balanceOf(stack.pool, escrowOf(terms.contractId), "EUR")).toBe(0);
    expect(await balanceOf(stack.pool, payableOf(terms.freelancerId), "EUR")).toBe(0);
    expect(await balanceOf(stack.pool, walletOf(terms.clientId), "EUR")).toBe(eur(100_000 - 15_005));
    const rows = await stack.pool.query<{ state: string }>(
      "SELECT state FROM payouts WHERE contract_id = $1",
      [terms.contractId],
    );
    expect(rows.rows.map((r) => r.state)).toEqual(["PAID", "PAID"]);
    const contract = await stack.pool.query<{ state: string }>("SELECT state FROM contracts WHERE id = $1", [
      terms.contractId,
    ]);
    expect(contract.rows[0]?.state).toBe("completed");
  });

  it("records the active phase even when the accept arrives before the contract's row was written", async () => {
    // The accept goes out the moment the start returns, racing the workflow's recordContract activity.
    const all = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const terms = newTerms();
        await stack.contracts.start(terms);
        await stack.contracts.accept(terms.contractId, freelancerOf(terms));
        return terms.contractId;
      }),
    );
    const rows = await stack.pool.query<{ state: string }>("SELECT state FROM contracts WHERE id = ANY($1)", [
      all,
    ]);
    expect(rows.rows.map((r) => r.state)).toEqual(all.map(() => "active"));
  });

  it("changes requested: the freelancer resubmits and the second submission is approved", async () => {
    const terms = await activeContract({
      milestones: [{ id: `m-${Date.now()}`, title: "Logo", amountMinor: 2_000 }],
    });
    const id = await fundAndSubmit(terms, 0);
    let view = await stack.contracts.requestChanges(terms.contractId, clientOf(terms), id, "bigger");
    expect(view.milestones[0]?.state).toBe("changes_requested");
    await stack.contracts.submit(terms.contractId, freelancerOf(terms), id);
    view = await stack.contracts.approve(terms.contractId, clientOf(terms), id);
    expect(view.milestones[0]?.submissions).toBe(2);
    expect((await stack.contracts.result(terms.contractId)).phase).toBe("completed");
  });

  it("rejects the wrong party and the wrong state with typed errors, changing nothing", async () => {
    const terms = newTerms();
    await stack.deposit(terms.clientId, 3_000);
    await stack.contracts.start(terms);
    const m1 = milestone(terms, 0);
    expect(await rejection(stack.contracts.fund(terms.contractId, clientOf(terms), m1))).toBe(
      contractErrorCodes.invalidState,
    );
    expect(await rejection(stack.contracts.accept(terms.contractId, clientOf(terms)))).toBe(
      contractErrorCodes.wrongParty,
    );
    await stack.contracts.accept(terms.contractId, freelancerOf(terms));
    expect(await rejection(stack.contracts.accept(terms.contractId, freelancerOf(terms)))).toBe(
      contractErrorCodes.invalidState,
    );
    expect(await rejection(stack.contracts.fund(terms.contractId, freelancerOf(terms), m1))).toBe(
      contractErrorCodes.wrongParty,
    );
    const stranger = { userId: "someone-else", role: "client" as const };
    expect(await rejection(stack.contracts.fund(terms.contractId, stranger, m1))).toBe(
      contractErrorCodes.wrongParty,
    );
    expect(await rejection(stack.contracts.fund(terms.contractId, clientOf(terms), "m-nope"))).toBe(
      contractErrorCodes.unknownMilestone,
    );
    expect(await rejection(stack.contracts.approve(terms.contractId, clientOf(terms), m1))).toBe(
      contractErrorCodes.invalidState,
    );
    // 3,000 in the wallet cannot fund 10,000: the ledger refuses, the milestone stays pending.
    expect(await rejection(stack.contracts.fund(terms.contractId, clientOf(terms), m1))).toBe(
      contractErrorCodes.insufficientFunds,
    );
    const view = await stack.contracts.state(terms.contractId);
    expect(view.milestones[0]).toMatchObject({ state: "pending", funded: false });
    expect(await balanceOf(stack.pool, walletOf(terms.clientId), "EUR")).toBe(3_000);
    expect(
      await rejection(
        stack.contracts.resolveDispute(terms.contractId, clientOf(terms), {
          milestoneId: m1,
          favor: "client",
        }),
      ),
    ).toBe(contractErrorCodes.wrongParty);
    await stack.contracts.cancel(terms.contractId, clientOf(terms), "changed plans");
    expect(await rejection(stack.contracts.fund(terms.contractId, clientOf(terms), m1))).toBe(
      contractErrorCodes.invalidState,
    );
  });

  it("dispute won by the freelancer: approval blocked while disputed, then the admin releases the payout", async () => {
    const terms = await activeContract();
    const id = await fundAndSubmit(terms, 0);
    const view = await stack.contracts.openDispute(
      terms.contractId,
      clientOf(terms),
      id,
      "not what we agreed",
    );
    expect(view.milestones[0]).toMatchObject({ state: "disputed", dispute: { openedBy: terms.clientId } });
    expect(await rejection(stack.contracts.approve(terms.contractId, clientOf(terms), id))).toBe(
      contractErrorCodes.invalidState,
    );
    expect(await rejection(stack.contracts.cancel(terms.contractId, clientOf(terms), "escape"))).toBe(
      contractErrorCodes.invalidState,
    );
    await stack.contracts.resolveDispute(terms.contractId, admin, { milestoneId: id, favor: "freelancer" });
    await waitForPayout(terms, id);
    expect((await stack.sandboxPayouts(terms.freelancerId)).map((p) => p.amountMinor)).toEqual([9_000]);
  });

  it("dispute lost by the freelancer: escrow goes back to the client's wallet", async () => {
    const terms = await activeContract({
      milestones: [{ id: `m-${Date.now()}`, title: "Audit", amountMinor: 7_000 }],
    });
    const id = await fundAndSubmit(terms, 0);
    expect(await balanceOf(stack.pool, walletOf(terms.clientId), "EUR")).toBe(93_000);
    await stack.contracts.openDispute(terms.contractId, freelancerOf(terms), id, "client unresponsive");
    await stack.contracts.resolveDispute(terms.contractId, admin, { milestoneId: id, favor: "client" });
    const final = await stack.contracts.result(terms.contractId);
    expect(final.milestones[0]).toMatchObject({ state: "refunded", dispute: { resolvedFor: "client" } });
    expect(await balanceOf(stack.pool, walletOf(terms.clientId), "EUR")).toBe(100_000);
    expect(await stack.sandboxPayouts(terms.freelancerId)).toEqual([]);
  });

  it("a dispute pauses the contract's other payouts until it is resolved", async () => {
    const terms = await activeContract();
    const m1 = await fundAndSubmit(terms, 0);
    const m2 = await fundAndSubmit(terms, 1);
    await stack.contracts.openDispute(terms.contractId, clientOf(terms), m2, "late");
    const view = await stack.contracts.approve(terms.contractId, clientOf(terms), m1);
    expect(payoutOf(view, m1)).toBe("paused");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await stack.sandboxPayouts(terms.freelancerId)).toEqual([]);
    await stack.contracts.resolveDispute(terms.contractId, admin, { milestoneId: m2, favor: "freelancer" });
    await waitForPayout(terms, m1);
    await waitForPayout(terms, m2);
    expect((await stack.contracts.result(terms.contractId)).phase).toBe("completed");
  });

  it("cancellation refunds funded milestones and cancels the rest", async () => {
    const terms = await activeContract();
    await stack.contracts.fund(terms.contractId, clientOf(terms), milestone(terms, 0));
    expect(await balanceOf(stack.pool, escrowOf(terms.contractId), "EUR")).toBe(10_000);
    await stack.contracts.cancel(terms.contractId, freelancerOf(terms), "cannot deliver");
    const final = await stack.contracts.result(terms.contractId);
    expect(final).toMatchObject({ phase: "cancelled", cancelledBy: terms.freelancerId });
    expect(final.milestones.map((m) => m.state)).toEqual(["refunded", "cancelled"]);
    expect(await balanceOf(stack.pool, escrowOf(terms.contractId), "EUR")).toBe(0);
    expect(await balanceOf(stack.pool, walletOf(terms.clientId), "EUR")).toBe(100_000);
  });

  it("auto-approves after the client's silence and pays out", async () => {
    const terms = await activeContract({ autoApproveAfterSeconds: 2 });
    const id = await fundAndSubmit(terms, 0);
    const view = await waitForPayout(terms, id);
    expect(view.milestones[0]).toMatchObject({ state: "approved", approvedBy: "system" });
  });

  it("reminds both parties before a milestone's due date, once", async () => {
    const dueAt = new Date(Date.now() + 4_000).toISOString();
    const terms = await activeContract({
      reminderBeforeSeconds: 3,
      milestones: [{ id: `m-${Date.now()}`, title: "Draft", amountMinor: 1_000, dueAt }],
    });
    await stack.contracts.fund(terms.contractId, clientOf(terms), milestone(terms, 0));
    const view = await waitFor(
      "reminder",
      async () => {
        const v = await stack.contracts.state(terms.contractId);
        return v.milestones[0]?.remindedAt === undefined ? undefined : v;
      },
      { timeoutMs: 15_000 },
    );
    expect(view.milestones[0]?.remindedAt).toBeDefined();
    const jobs = await stack.notifications.getJobs(["waiting", "delayed", "completed", "failed", "active"]);
    const notices = jobs.map((j) => j.data as NotificationJob);
    const reminders = notices.filter(
      (n) => n.kind === "contract.reminder" && n.dedupeKey.includes(terms.contractId),
    );
    expect(reminders.map((n) => n.userId).sort()).toEqual([terms.clientId, terms.freelancerId].sort());
  });

  it("continues as new when its history grows, keeping its state", async () => {
    const terms = await activeContract({ maxHistoryEvents: 40 });
    const id = await fundAndSubmit(terms, 0);
    for (let round = 0; round < 4; round += 1) {
      await stack.contracts.requestChanges(terms.contractId, clientOf(terms), id, `round ${round}`);
      await stack.contracts.submit(terms.contractId, freelancerOf(terms), id);
    }
    const view = await waitFor("a continue-as-new", async () => {
      const v = await stack.contracts.state(terms.contractId);
      return v.generation > 0 ? v : undefined;
    });
    expect(view.milestones[0]).toMatchObject({ state: "submitted", submissions: 5, funded: true });
    await stack.contracts.approve(terms.contractId, clientOf(terms), id);
    await waitForPayout(terms, id);
  });

  it("a declined payout is compensated back into escrow, and cancelling then refunds it", async () => {
    const terms = await activeContract({
      milestones: [{ id: `m-${Date.now()}`, title: "Copy", amountMinor: 4_000 }],
    });
    await stack.fault({ mode: "decline", destination: terms.freelancerId, count: 1 });
    const id = await fundAndSubmit(terms, 0);
    await stack.contracts.approve(terms.contractId, clientOf(terms), id);
    const view = await waitForPayout(terms, id, "failed");
    expect(view.milestones[0]?.payout.failureCode).toBe(contractErrorCodes.payoutDeclined);
    expect(await balanceOf(stack.pool, escrowOf(terms.contractId), "EUR")).toBe(4_000);
    expect(await balanceOf(stack.pool, payableOf(terms.freelancerId), "EUR")).toBe(0);
    const row = await stack.pool.query<{ state: string }>(
      "SELECT state FROM payouts WHERE milestone_id = $1",
      [id],
    );
    expect(row.rows[0]?.state).toBe("COMPENSATED");
    await stack.contracts.cancel(terms.contractId, admin, "payee account closed");
    expect(await balanceOf(stack.pool, walletOf(terms.clientId), "EUR")).toBe(100_000);
  });

  it("pays once when the provider's response is lost: the retry with the same key finds the payout", async () => {
    const terms = await activeContract({
      milestones: [{ id: `m-${Date.now()}`, title: "Docs", amountMinor: 2_500 }],
    });
    // The sandbox makes the payout, then holds its answer past the provider timeout (the harness's 5 s).
    await stack.fault({ mode: "timeout", destination: terms.freelancerId, count: 1, delayMs: 8_000 });
    const id = await fundAndSubmit(terms, 0);
    await stack.contracts.approve(terms.contractId, clientOf(terms), id);
    await waitForPayout(terms, id);
    const paid = await stack.sandboxPayouts(terms.freelancerId);
    expect(paid.map((p) => p.amountMinor)).toEqual([2_250]);
  });

  it("retries a failing provider with the same idempotency key and pays once", async () => {
    const terms = await activeContract({
      milestones: [{ id: `m-${Date.now()}`, title: "QA", amountMinor: 3_000 }],
    });
    await stack.fault({ mode: "fail", destination: terms.freelancerId, count: 2 });
    const id = await fundAndSubmit(terms, 0);
    await stack.contracts.approve(terms.contractId, clientOf(terms), id);
    await waitForPayout(terms, id);
    expect(await stack.sandboxPayouts(terms.freelancerId)).toHaveLength(1);
  });
});
