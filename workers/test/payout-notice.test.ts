// payout.paid: when a PayoutWorkflow records its payout as paid, the freelancer is told through the
// notifications queue, once per payout even when the activity runs again after the notice went out.
import { payoutWorkflowId } from "@skillpod/contract-messages";
import { waitFor } from "@skillpod/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Failpoints } from "../src/failpoints.js";
import { notificationJobId, type NotificationJob } from "../src/notifications/index.js";
import { startContractStack, type ContractStack } from "./contract-harness.js";
import { clientOf, freelancerOf, milestone, newTerms } from "./contract-fixtures.js";

let stack: ContractStack;
/** Every other sendPayout fails after the payout is settled and its notice enqueued: the activity runs again. */
let reached = 0;
const failpoints: Failpoints = {
  reach(name) {
    if (name !== "after-payout-settled") return;
    reached += 1;
    if (reached % 2 === 1) throw new Error("crashed after settling the payout (test failpoint)");
  },
};

beforeAll(async () => {
  stack = await startContractStack({ failpoints });
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

describe("the payout.paid notice", () => {
  it("tells the freelancer once that their payout is paid, even when the paying activity runs twice", async () => {
    const terms = newTerms({ currency: "EUR" });
    await stack.deposit(terms.clientId, 100_000);
    await stack.contracts.start(terms);
    await stack.contracts.accept(terms.contractId, freelancerOf(terms));
    const id = milestone(terms, 0);
    await stack.contracts.fund(terms.contractId, clientOf(terms), id);
    await stack.contracts.submit(terms.contractId, freelancerOf(terms), id, "done");
    await stack.contracts.approve(terms.contractId, clientOf(terms), id);
    await waitFor(
      `payout of ${id} paid`,
      async () => {
        const view = await stack.contracts.state(terms.contractId);
        return view.milestones.find((m) => m.id === id)?.payout.state === "paid" ? view : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(reached).toBeGreaterThanOrEqual(2);

    const jobs = await stack.notifications.getJobs(["waiting", "delayed", "completed", "failed", "active"]);
    const paid = jobs.filter((job) => (job.data as NotificationJob).kind === "payout.paid");
    const dedupeKey = `${payoutWorkflowId(terms.contractId, id)}:paid:${terms.freelancerId}`;
    expect(paid.map((job) => job.id)).toEqual([notificationJobId(dedupeKey)]);
    // 10,000 less the 10 % platform fee.
    expect(paid[0]?.data).toMatchObject({
      dedupeKey,
      userId: terms.freelancerId,
      channels: ["in-app"],
      kind: "payout.paid",
      title: "Payout sent: €90.00",
    });
  });
});
