import { describe, expect, it } from "vitest";
import type { Offer } from "../generated/prisma/client.js";
import { contractTermsOf } from "./contract-start.js";

const offer = (workspaceTerms: unknown, hourly = false): Offer => ({
  id: "8d0d5c0e-0000-4000-8000-000000000001",
  proposalId: "8d0d5c0e-0000-4000-8000-000000000002",
  jobId: "8d0d5c0e-0000-4000-8000-000000000003",
  clientId: "8d0d5c0e-0000-4000-8000-00000000000c",
  freelancerId: "8d0d5c0e-0000-4000-8000-00000000000f",
  title: "Build the cluster",
  currency: "USD",
  billing: hourly ? "HOURLY" : "FIXED",
  hourlyRateMinor: hourly ? 9000n : null,
  weeklyLimitMinutes: hourly ? 600 : null,
  milestones: [{ id: "c-x-m1", title: "All", amountMinor: 100_000 }],
  workspaceTerms: workspaceTerms as Offer["workspaceTerms"],
  message: "",
  state: "ACCEPTED",
  declineReason: null,
  expiresAt: new Date(),
  contractId: "c-8d0d5c0e-0000-4000-8000-000000000001",
  createdAt: new Date(),
  updatedAt: new Date(),
});

describe("an accepted offer's contract terms", () => {
  it("carry the workspace terms as SkillPod.spec takes them: the client watches only if viewers are allowed", () => {
    const terms = contractTermsOf(
      offer({
        className: "gpu-desktop",
        egress: { allow: ["10.0.0.0/8:443"] },
        supervision: { viewersAllowed: false, recording: "WithConsent" },
        clipboard: "ToWorkspace",
        fileTransfer: "Disabled",
      }),
      1000,
    );
    expect(terms).toEqual({
      contractId: "c-8d0d5c0e-0000-4000-8000-000000000001",
      clientId: "8d0d5c0e-0000-4000-8000-00000000000c",
      freelancerId: "8d0d5c0e-0000-4000-8000-00000000000f",
      title: "Build the cluster",
      currency: "USD",
      platformFeeBps: 1000,
      billing: "FIXED",
      milestones: [{ id: "c-x-m1", title: "All", amountMinor: 100_000 }],
      workspace: {
        namespace: "skp-8d0d5c0e-0000-4000-8000-00000000000c",
        className: "gpu-desktop",
        viewers: [],
        recording: "WithConsent",
        policy: { clipboard: "ToWorkspace", fileTransfer: "Disabled", egress: { allow: ["10.0.0.0/8:443"] } },
      },
    });
  });

  it("put the client among the viewers by default, and carry the hourly terms", () => {
    const terms = contractTermsOf(offer({}, true), 500);
    expect(terms.workspace?.viewers).toEqual(["8d0d5c0e-0000-4000-8000-00000000000c"]);
    expect(terms).toMatchObject({ billing: "HOURLY", hourlyRateMinor: 9000, weeklyLimitMinutes: 600 });
  });
});
