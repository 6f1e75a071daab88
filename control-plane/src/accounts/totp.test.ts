import { URI } from "otpauth";
import { describe, expect, it } from "vitest";
import { matchTotp, newTotpEnrolment, totpCodeAt } from "./totp.js";

describe("TOTP", () => {
  it("enrols with a 160-bit SHA1/6-digit/30 s secret that authenticator apps read from the URI", () => {
    const { secret, otpauthUri } = newTotpEnrolment("ann@example.test");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const parsed = URI.parse(otpauthUri);
    expect(parsed).toMatchObject({ issuer: "SkillPod", label: "ann@example.test", digits: 6 });
    expect(otpauthUri).toContain("algorithm=SHA1");
    expect(otpauthUri).toContain("period=30");
    expect(parsed.secret.base32).toBe(secret);
  });

  it("answers the step a code belongs to, within ±1 step, and nothing outside it", () => {
    const { secret } = newTotpEnrolment("x");
    const now = 1_800_000_015_000; // 15 s into step 60 000 000
    const step = Math.floor(now / 30_000);
    expect(matchTotp(secret, totpCodeAt(secret, now), now)).toBe(step);
    expect(matchTotp(secret, totpCodeAt(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchTotp(secret, totpCodeAt(secret, now + 30_000), now)).toBe(step + 1);
    expect(matchTotp(secret, totpCodeAt(secret, now - 60_000), now)).toBeUndefined();
    expect(matchTotp(secret, totpCodeAt(secret, now + 60_000), now)).toBeUndefined();
  });
});
