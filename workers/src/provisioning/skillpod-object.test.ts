import type { ProvisioningInput } from "@skillpod/contract-messages";
import { describe, expect, it } from "vitest";
import { desiredSkillPod, specPatchFor } from "./skillpod-object.js";

const base: ProvisioningInput = {
  contractId: "c-1",
  milestoneId: "m-1",
  contractWorkflowId: "contract-c-1",
  namespace: "skp-client",
  className: "standard-desktop",
  ownerUserId: "u-free",
  viewers: ["u-client"],
  graceSeconds: 3600,
};

describe("desiredSkillPod", () => {
  it("carries the contract's recording and policy into the spec unchanged", () => {
    const spec = desiredSkillPod(
      {
        ...base,
        recording: "WithConsent",
        policy: { clipboard: "ToWorkspace", fileTransfer: "Disabled", egress: { allow: ["10.0.0.0/8:443"] } },
      },
      "ws",
    ).spec;
    expect(spec.supervision).toEqual({ viewers: ["u-client"], recording: "WithConsent" });
    expect(spec.policy).toEqual({
      clipboard: "ToWorkspace",
      fileTransfer: "Disabled",
      egress: { allow: ["10.0.0.0/8:443"] },
    });
  });

  it("leaves out what the terms do not set, so the CRD's and the class's defaults apply", () => {
    const spec = desiredSkillPod(base, "ws").spec;
    expect(spec.supervision).toEqual({ viewers: ["u-client"] });
    expect(spec).not.toHaveProperty("policy");
    expect(desiredSkillPod({ ...base, policy: {} }, "ws").spec).not.toHaveProperty("policy");
    expect(desiredSkillPod({ ...base, policy: { fileTransfer: "Disabled" } }, "ws").spec.policy).toEqual({
      fileTransfer: "Disabled",
    });
  });

  it("writes an empty egress allow list as given: no destinations beyond the class's", () => {
    const spec = desiredSkillPod({ ...base, policy: { egress: { allow: [] } } }, "ws").spec;
    expect(spec.policy).toEqual({ egress: { allow: [] } });
  });

  it("writes the funded compute as spec.budget, and only ever raises it on an existing SkillPod", () => {
    const desired = desiredSkillPod({ ...base, budget: { runningSeconds: 600, warnSeconds: 60 } }, "ws");
    expect(desired.spec.budget).toEqual({ runningSeconds: 600, warnSeconds: 60 });
    expect(desiredSkillPod(base, "ws").spec).not.toHaveProperty("budget");
    const at = (runningSeconds: number): typeof desired => ({
      ...desired,
      spec: { ...desired.spec, budget: { runningSeconds } },
    });
    expect(specPatchFor(at(300), desired)).toEqual({ budget: { runningSeconds: 600, warnSeconds: 60 } });
    expect(specPatchFor(at(900), desired)).toBeUndefined();
  });
});
