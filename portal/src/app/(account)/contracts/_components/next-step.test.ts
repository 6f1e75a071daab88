import { describe, expect, it } from "vitest";
import { contractParts, milestoneStates } from "../../../../lib/contract-actions";
import { nextStepOf } from "./next-step";

const milestone = (state: string, payout = "none", autoApproveAt: string | null = null) => ({
  state,
  autoApproveAt,
  payout: { state: payout },
});

describe("nextStepOf", () => {
  it("says something for every milestone state and part of an active contract", () => {
    for (const state of milestoneStates)
      for (const part of contractParts)
        expect(
          nextStepOf({ contract: { state: "active", yourPart: part }, milestone: milestone(state) }),
        ).not.toBe("");
  });

  it("tells the client to fund and the freelancer to wait", () => {
    const m = milestone("pending");
    expect(nextStepOf({ contract: { state: "active", yourPart: "client" }, milestone: m })).toMatch(/^Fund/);
    expect(nextStepOf({ contract: { state: "active", yourPart: "freelancer" }, milestone: m })).toMatch(
      /^Waiting/,
    );
  });

  it("names the auto-approval time of submitted work", () => {
    const m = milestone("submitted", "none", "2026-12-21T10:00:00.000Z");
    expect(nextStepOf({ contract: { state: "active", yourPart: "client" }, milestone: m })).toContain(
      "21 Dec 2026",
    );
  });

  it("tells the admin to resolve a dispute", () => {
    expect(
      nextStepOf({ contract: { state: "active", yourPart: "admin" }, milestone: milestone("disputed") }),
    ).toMatch(/^Resolve/);
  });

  it("follows the payout of approved work, whatever the contract's state", () => {
    const m = milestone("approved", "paid");
    expect(nextStepOf({ contract: { state: "completed", yourPart: "freelancer" }, milestone: m })).toBe(
      "Approved and paid out.",
    );
  });

  it("says nothing more on an ended contract's unfinished milestone, but where refunded money went", () => {
    const ended = { state: "cancelled", yourPart: "client" };
    expect(nextStepOf({ contract: ended, milestone: milestone("in_progress") })).toBe("");
    expect(nextStepOf({ contract: ended, milestone: milestone("refunded") })).toBe(
      "Refunded to your wallet.",
    );
  });
});
