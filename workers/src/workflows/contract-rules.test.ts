import { contractErrorCodes, type ContractTerms } from "@skillpod/contract-messages";
import { ApplicationFailure } from "@temporalio/workflow";
import { describe, expect, it } from "vitest";
import { deadlines } from "./contract-deadlines.js";
import { initialView, milestoneIn, requireParty, termsProblem } from "./contract-rules.js";

const terms: ContractTerms = {
  contractId: "c1",
  clientId: "client",
  freelancerId: "free",
  title: "t",
  currency: "EUR",
  platformFeeBps: 1000,
  billing: "FIXED",
  milestones: [{ id: "m1", title: "a", amountMinor: 100, dueAt: "2026-12-10T00:00:00.000Z" }],
  reminderBeforeSeconds: 86_400,
  autoApproveAfterSeconds: 3_600,
};

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    return (error as ApplicationFailure).type ?? undefined;
  }
}

describe("contract rules", () => {
  it("accepts sane terms and names what is wrong with bad ones", () => {
    expect(termsProblem(terms)).toBeUndefined();
    expect(termsProblem({ ...terms, milestones: [] })).toMatch(/at least one milestone/);
    expect(termsProblem({ ...terms, currency: "eur" })).toMatch(/ISO 4217/);
    expect(termsProblem({ ...terms, platformFeeBps: 10_001 })).toMatch(/platformFeeBps/);
    expect(termsProblem({ ...terms, freelancerId: "client" })).toMatch(/must differ/);
    expect(termsProblem({ ...terms, milestones: [{ id: "m", title: "x", amountMinor: 1.5 }] })).toMatch(
      /positive integer/,
    );
    const twice = { id: "m", title: "x", amountMinor: 1 };
    expect(termsProblem({ ...terms, milestones: [twice, twice] })).toMatch(/unique/);
  });

  it("knows the parties by role and id", () => {
    const view = initialView(terms);
    expect(
      codeOf(() => requireParty(view, { userId: "client", role: "client" }, ["client"], "fund")),
    ).toBeUndefined();
    expect(codeOf(() => requireParty(view, { userId: "free", role: "client" }, ["client"], "fund"))).toBe(
      contractErrorCodes.wrongParty,
    );
    expect(
      codeOf(() => requireParty(view, { userId: "client", role: "freelancer" }, ["freelancer"], "submit")),
    ).toBe(contractErrorCodes.wrongParty);
    expect(
      codeOf(() => requireParty(view, { userId: "anyone", role: "admin" }, ["admin"], "resolve")),
    ).toBeUndefined();
  });

  it("finds milestones only in the states an action needs", () => {
    const view = initialView(terms);
    expect(codeOf(() => milestoneIn(view, "m1", ["pending"], "fund"))).toBeUndefined();
    expect(codeOf(() => milestoneIn(view, "m1", ["submitted"], "approve"))).toBe(
      contractErrorCodes.invalidState,
    );
    expect(codeOf(() => milestoneIn(view, "nope", ["pending"], "fund"))).toBe(
      contractErrorCodes.unknownMilestone,
    );
  });

  it("orders the deadlines: a reminder a day before the due date, auto-approval after silence", () => {
    const view = initialView(terms);
    expect(deadlines(terms, view)).toEqual([]); // pending work gets no reminder
    const m = view.milestones[0];
    if (m === undefined) throw new Error("no milestone");
    m.state = "in_progress";
    expect(deadlines(terms, view)).toEqual([
      { at: Date.parse("2026-12-09T00:00:00.000Z"), milestoneId: "m1", kind: "reminder" },
    ]);
    m.state = "submitted";
    m.submittedAt = "2026-12-01T00:00:00.000Z";
    expect(deadlines(terms, view)).toEqual([
      { at: Date.parse("2026-12-01T01:00:00.000Z"), milestoneId: "m1", kind: "auto-approve" },
    ]);
  });
});
