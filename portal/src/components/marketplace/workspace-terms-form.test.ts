import { describe, expect, it } from "vitest";
import { egressOf, termsField, workspaceTermsFromForm } from "./workspace-terms-form";

describe("workspace terms form", () => {
  it("reads every term, an unticked watch box as not allowed", () => {
    const form = new FormData();
    form.set(termsField.className, " secure-desktop ");
    form.set(termsField.recording, "WithConsent");
    form.set(termsField.clipboard, "ToWorkspace");
    form.set(termsField.fileTransfer, "Disabled");
    form.set(termsField.egress, "10.0.0.0/8:443\n\n192.168.0.0/16:5432, ");
    expect(workspaceTermsFromForm(form)).toEqual({
      terms: {
        className: "secure-desktop",
        egress: { allow: ["10.0.0.0/8:443", "192.168.0.0/16:5432"] },
        supervision: { viewersAllowed: false, recording: "WithConsent" },
        clipboard: "ToWorkspace",
        fileTransfer: "Disabled",
      },
      fields: [],
    });
  });

  it("falls back to the safe values on anything unknown and ticks watching when on", () => {
    const form = new FormData();
    form.set(termsField.viewersAllowed, "on");
    form.set(termsField.clipboard, "Sometimes");
    const { terms } = workspaceTermsFromForm(form);
    expect(terms.supervision).toEqual({ viewersAllowed: true, recording: "Disabled" });
    expect(terms.clipboard).toBe("Both");
    expect(terms.className).toBeUndefined();
  });

  it("names the egress line that is not CIDR and port", () => {
    expect(egressOf("10.0.0.0/8:443\nexample.com:443").fields).toEqual([
      { field: "workspaceTerms.egress.allow.1", message: '"example.com:443" must look like 10.0.0.0/8:443' },
    ]);
  });
});
