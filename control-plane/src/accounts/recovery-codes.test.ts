import { describe, expect, it } from "vitest";
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from "./recovery-codes.js";

describe("recovery codes", () => {
  it("are ten distinct 16-letter base32 codes in groups of four", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
  });

  it("hash the same however they are typed, and differently from each other", () => {
    const [a, b] = newRecoveryCodes();
    expect(normaliseRecoveryCode(` ${a!.toUpperCase().replaceAll("-", " ")} `)).toBe(a!.replaceAll("-", ""));
    expect(hashRecoveryCode(a!.toUpperCase())).toBe(hashRecoveryCode(a!));
    expect(hashRecoveryCode(a!)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(a!)).not.toBe(hashRecoveryCode(b!));
  });
});
