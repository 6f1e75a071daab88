import { describe, expect, it } from "vitest";
import { workspaceTermsInWords } from "./workspace-terms";

const locked = {
  className: "secure-desktop",
  egress: { allow: [] },
  supervision: { viewersAllowed: false, recording: "Disabled" as const },
  clipboard: "ToWorkspace" as const,
  fileTransfer: "Disabled" as const,
};

describe("workspace terms in words", () => {
  it("say what a locked-down desktop does not allow", () => {
    const words = Object.fromEntries(workspaceTermsInWords(locked).map((t) => [t.term, t.text]));
    expect(words).toEqual({
      "Desktop class": "secure-desktop",
      Watching: "Off: the client cannot watch the desktop",
      Recording: "Off: desktop sessions are not recorded",
      Clipboard: "Paste into the desktop only; copy out of the desktop is off",
      "File transfer": "Off: no files go into or out of the desktop",
      "Network access": "None: the desktop reaches no outside address",
    });
  });

  it("name each allowed destination with its port", () => {
    const open = {
      ...locked,
      egress: { allow: ["10.0.0.0/8:443", "192.168.1.0/24:5432"] },
      supervision: { viewersAllowed: true, recording: "WithConsent" as const },
      clipboard: "Both" as const,
    };
    const words = Object.fromEntries(workspaceTermsInWords(open).map((t) => [t.term, t.text]));
    expect(words["Network access"]).toBe("Only 10.0.0.0/8 on port 443, 192.168.1.0/24 on port 5432");
    const anywhere = workspaceTermsInWords({ ...open, egress: { allow: ["0.0.0.0/0:443"] } });
    expect(anywhere.find((t) => t.term === "Network access")?.text).toBe("To any address on port 443");
    expect(words.Watching).toBe("The client may watch the desktop live (watch-only)");
    expect(words.Recording).toBe("Only with the freelancer's consent");
    expect(words.Clipboard).toMatch(/both ways/);
  });
});
