import { describe, expect, it } from "vitest";
import {
  contractActions,
  contractParts,
  contractStates,
  disputeOpen,
  hasAnyAction,
  milestoneActions,
  milestoneStates,
  type ContractPart,
  type MilestoneAction,
  type MilestoneState,
} from "./contract-actions";

// Written out by hand from the API and the ContractWorkflow, not derived from the code under test.
const activeTable: Record<MilestoneState, Record<ContractPart, MilestoneAction[]>> = {
  pending: { client: ["fund"], freelancer: [], admin: [] },
  funded: { client: ["dispute"], freelancer: ["submit", "dispute"], admin: [] },
  in_progress: { client: ["dispute"], freelancer: ["submit", "dispute"], admin: [] },
  submitted: { client: ["approve", "request-changes", "dispute"], freelancer: ["dispute"], admin: [] },
  changes_requested: { client: ["dispute"], freelancer: ["submit", "dispute"], admin: [] },
  approved: { client: [], freelancer: [], admin: [] },
  disputed: { client: [], freelancer: [], admin: ["resolve"] },
  refunded: { client: [], freelancer: [], admin: [] },
  cancelled: { client: [], freelancer: [], admin: [] },
};

describe("milestoneActions", () => {
  for (const contractState of contractStates) {
    for (const milestoneState of milestoneStates) {
      for (const part of contractParts) {
        const expected = contractState === "active" ? activeTable[milestoneState][part] : [];
        it(`${part}, contract ${contractState}, milestone ${milestoneState}: ${expected.join(", ") || "none"}`, () => {
          expect(milestoneActions({ state: contractState, yourPart: part }, milestoneState)).toEqual(
            expected,
          );
        });
      }
    }
  }

  it("offers nothing for a state or part it does not know", () => {
    expect(milestoneActions({ state: "active", yourPart: "client" }, "archived")).toEqual([]);
    expect(milestoneActions({ state: "active", yourPart: "auditor" }, "pending")).toEqual([]);
    expect(milestoneActions({ state: "paused", yourPart: "client" }, "pending")).toEqual([]);
  });
});

describe("contractActions (cancel)", () => {
  const openStates = new Set(["offer", "active"]);
  for (const state of contractStates) {
    for (const part of contractParts) {
      for (const disputed of [false, true]) {
        const milestones = disputed
          ? [{ state: "in_progress" }, { state: "disputed" }]
          : [{ state: "in_progress" }];
        const expected = openStates.has(state) && part !== "admin" && !disputed ? ["cancel"] : [];
        it(`${part}, contract ${state}, ${disputed ? "dispute open" : "no dispute"}: ${expected.join() || "none"}`, () => {
          expect(contractActions({ state, yourPart: part, milestones })).toEqual(expected);
        });
      }
    }
  }
});

describe("disputeOpen", () => {
  it("is open while a milestone is disputed, and only then", () => {
    expect(disputeOpen({ milestones: [] })).toBe(false);
    expect(disputeOpen({ milestones: [{ state: "approved" }, { state: "refunded" }] })).toBe(false);
    expect(disputeOpen({ milestones: [{ state: "approved" }, { state: "disputed" }] })).toBe(true);
  });
});

describe("hasAnyAction", () => {
  it("is false on a completed contract for every part", () => {
    for (const part of contractParts) {
      expect(hasAnyAction({ state: "completed", yourPart: part, milestones: [{ state: "approved" }] })).toBe(
        false,
      );
    }
  });

  it("is true for the admin only while something is disputed", () => {
    const disputed = { state: "active", yourPart: "admin", milestones: [{ state: "disputed" }] };
    expect(hasAnyAction(disputed)).toBe(true);
    expect(hasAnyAction({ ...disputed, milestones: [{ state: "in_progress" }] })).toBe(false);
  });

  it("is true for a party of an active contract (they may cancel)", () => {
    expect(
      hasAnyAction({ state: "active", yourPart: "freelancer", milestones: [{ state: "approved" }] }),
    ).toBe(true);
  });
});

// The API's rules as they stand (control-plane/src/contracts/contract-moves.ts: who may make each move;
// workers/src/workflows/contract-rules.ts: the milestone states submit and dispute are taken in). The portal
// never imports the API's code (it talks to it over HTTP); its browser journeys make these moves for real.
const moveSpecs: Record<string, { parties: ContractPart[] }> = {
  fund: { parties: ["client"] },
  submit: { parties: ["freelancer"] },
  approve: { parties: ["client"] },
  "request-changes": { parties: ["client"] },
  dispute: { parties: ["client", "freelancer"] },
  resolve: { parties: ["admin"] },
  cancel: { parties: ["client", "freelancer"] },
};
const workingStates: MilestoneState[] = ["funded", "in_progress", "changes_requested"];
const refundableStates: MilestoneState[] = [...workingStates, "submitted"];

describe("agrees with the API and the ContractWorkflow", () => {
  const statesWhere = (part: ContractPart, action: MilestoneAction): MilestoneState[] =>
    milestoneStates.filter((s) => milestoneActions({ state: "active", yourPart: part }, s).includes(action));

  it("offers each move to exactly the parts the API lets make it", () => {
    for (const action of ["fund", "submit", "approve", "request-changes", "dispute", "resolve"] as const) {
      const parts = contractParts.filter((part) => statesWhere(part, action).length > 0);
      expect(parts, action).toEqual(moveSpecs[action]?.parties);
    }
    const cancellers = contractParts.filter(
      (part) => contractActions({ state: "active", yourPart: part, milestones: [] }).length > 0,
    );
    expect(cancellers).toEqual(moveSpecs.cancel?.parties);
  });

  it("offers submit and dispute in the milestone states the workflow accepts them in", () => {
    expect(statesWhere("freelancer", "submit").sort()).toEqual([...workingStates].sort());
    expect(statesWhere("client", "dispute").sort()).toEqual([...refundableStates].sort());
    expect(statesWhere("freelancer", "dispute").sort()).toEqual([...refundableStates].sort());
  });
});
