import { describe, expect, it } from "vitest";
import { groupedSecret, passwordChangedText, totpCodeOf } from "./security-words";

describe("the security settings' words and inputs", () => {
  it("says how many other sign-ins a password change ended", () => {
    expect(passwordChangedText(0)).toBe("Password changed. You were not signed in anywhere else.");
    expect(passwordChangedText(1)).toBe(
      "Password changed. 1 other sign-in was signed out; this one stays signed in.",
    );
    expect(passwordChangedText(3)).toContain("3 other sign-ins were signed out");
  });

  it("reads a 6-digit code typed with spaces or a dash, and nothing else", () => {
    expect(totpCodeOf(" 123 456 ")).toBe("123456");
    expect(totpCodeOf("123-456")).toBe("123456");
    expect(totpCodeOf("12345")).toBeUndefined();
    expect(totpCodeOf("abcdef")).toBeUndefined();
  });

  it("groups a key in fours", () => {
    expect(groupedSecret("JBSWY3DPEHPK3PXP")).toBe("JBSW Y3DP EHPK 3PXP");
    expect(groupedSecret("ABCDEF")).toBe("ABCD EF");
  });
});
