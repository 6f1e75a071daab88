import { describe, expect, it } from "vitest";
import { canReconnect, closeSentence } from "./close-reasons";

describe("closeSentence", () => {
  it("says what each of the gateway's own codes means", () => {
    expect(closeSentence({ code: 4210, reason: "SkillPod stopped" }, true)).toBe(
      "The workspace was stopped.",
    );
    expect(closeSentence({ code: 4212, reason: "" }, true)).toMatch(/no longer open this desktop/);
    expect(closeSentence({ code: 4214, reason: "" }, true)).toMatch(/dispute froze/);
    expect(closeSentence({ code: 4201, reason: "" }, false)).toMatch(/could not be reached/);
  });
  it("tells a refused ticket from a lost connection", () => {
    expect(closeSentence({ code: 1006, reason: "" }, false)).toMatch(/refused the session/);
    expect(closeSentence({ code: 1006, reason: "" }, true)).toMatch(/connection was lost/);
  });
  it("falls back on protocol errors, the gateway's reason, then plain words", () => {
    expect(closeSentence({ code: 4105, reason: "x" }, true)).toMatch(/desktop protocol/);
    expect(closeSentence({ code: 4299, reason: "Something new" }, true)).toBe("Something new.");
    expect(closeSentence({ code: 4299, reason: "" }, true)).toBe("The connection ended.");
    expect(closeSentence(undefined, true)).toBe("The connection ended.");
  });
});

describe("canReconnect", () => {
  it("offers a reconnect unless the workspace stopped, went, froze or access was revoked", () => {
    expect(canReconnect({ code: 1006, reason: "" })).toBe(true);
    expect(canReconnect({ code: 4201, reason: "" })).toBe(true);
    for (const code of [4210, 4211, 4212, 4214]) expect(canReconnect({ code, reason: "" })).toBe(false);
  });
});
