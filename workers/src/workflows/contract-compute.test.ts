import { contractErrorCodes, type ContractTerms, type ContractView } from "@skillpod/contract-messages";
import { ApplicationFailure } from "@temporalio/workflow";
import { describe, expect, it } from "vitest";
import { checkComputeTopUp } from "./contract-compute.js";
import { fundedComputeSeconds, initialView, termsProblem } from "./contract-rules.js";

const fixed: ContractTerms = {
  contractId: "c1",
  clientId: "client",
  freelancerId: "free",
  title: "t",
  currency: "EUR",
  platformFeeBps: 1000,
  billing: "FIXED",
  milestones: [
    { id: "m1", title: "a", amountMinor: 100, computeSeconds: 3600 },
    { id: "m2", title: "b", amountMinor: 100 },
  ],
  workspace: { namespace: "ns", className: "desk" },
};
const hourly: ContractTerms = { ...fixed, billing: "HOURLY", hourlyRateMinor: 5000, weeklyLimitMinutes: 600 };
const client = { userId: "client", role: "client" as const };

/** An active contract whose milestones' workspaces exist. */
function working(terms: ContractTerms): ContractView {
  const view = initialView(terms);
  view.phase = "active";
  for (const m of view.milestones) {
    m.state = "in_progress";
    m.workspace = { name: `ws-${m.id}`, state: "Running" };
  }
  return view;
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ApplicationFailure);
    return (error as ApplicationFailure).type ?? undefined;
  }
}

describe("funded compute", () => {
  it("comes from the milestone's terms on fixed contracts and the weekly cap on hourly ones", () => {
    expect(fundedComputeSeconds(fixed, { id: "m1" })).toBe(3600);
    expect(fundedComputeSeconds(fixed, { id: "m2" })).toBeUndefined();
    expect(fundedComputeSeconds(hourly, { id: "m2" })).toBe(36_000);
    expect(fundedComputeSeconds({ ...hourly, weeklyLimitMinutes: undefined }, { id: "m1" })).toBeUndefined();
    expect(fundedComputeSeconds(fixed, { id: "m1", computeSeconds: 5000 })).toBe(5000);
    expect(initialView(fixed).milestones.map((m) => m.computeSeconds)).toEqual([3600, undefined]);
  });

  it("refuses terms with a compute budget that is no whole number of seconds", () => {
    expect(termsProblem(fixed)).toBeUndefined();
    const bad = { ...fixed, milestones: [{ id: "m1", title: "a", amountMinor: 100, computeSeconds: 1.5 }] };
    expect(termsProblem(bad)).toMatch(/computeSeconds/);
    expect(
      termsProblem({ ...fixed, workspace: { namespace: "n", className: "c", computeWarnSeconds: -1 } }),
    ).toMatch(/computeWarnSeconds/);
  });
});

describe("compute top-ups", () => {
  it("adds the seconds to what the milestone is funded for", () => {
    const view = working(fixed);
    const { milestone, total } = checkComputeTopUp(fixed, view, {
      actor: client,
      milestoneId: "m1",
      seconds: 600,
    });
    expect([milestone.id, total]).toEqual(["m1", 4200]);
    milestone.computeSeconds = total;
    expect(checkComputeTopUp(fixed, view, { actor: client, milestoneId: "m1", seconds: 60 }).total).toBe(
      4260,
    );
  });

  it("is the client's alone, for a running contract, in whole positive seconds", () => {
    const view = working(fixed);
    const free = { userId: "free", role: "freelancer" as const };
    expect(
      codeOf(() => checkComputeTopUp(fixed, view, { actor: free, milestoneId: "m1", seconds: 60 })),
    ).toBe(contractErrorCodes.wrongParty);
    for (const seconds of [0, -5, 1.5, 10 ** 12]) {
      expect(
        codeOf(() => checkComputeTopUp(fixed, view, { actor: client, milestoneId: "m1", seconds })),
      ).toBe(contractErrorCodes.invalidTerms);
    }
    view.phase = "completed";
    expect(
      codeOf(() => checkComputeTopUp(fixed, view, { actor: client, milestoneId: "m1", seconds: 60 })),
    ).toBe(contractErrorCodes.invalidState);
  });

  it("needs a workspace with a budget that has not been released", () => {
    const view = working(fixed);
    const request =
      (milestoneId: string): (() => unknown) =>
      () =>
        checkComputeTopUp(fixed, view, { actor: client, milestoneId, seconds: 60 });
    expect(codeOf(request("m2"))).toBe(contractErrorCodes.invalidState);
    expect(codeOf(request("m9"))).toBe(contractErrorCodes.unknownMilestone);
    const [m1] = view.milestones;
    if (m1 === undefined) throw new Error("no m1");
    m1.state = "approved";
    expect(codeOf(request("m1"))).toBe(contractErrorCodes.invalidState);
    m1.state = "funded";
    delete m1.workspace;
    expect(codeOf(request("m1"))).toBe(contractErrorCodes.invalidState);
  });
});
