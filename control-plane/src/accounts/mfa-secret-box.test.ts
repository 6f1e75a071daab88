import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openMfaSecret, sealMfaSecret } from "./mfa-secret-box.js";

const key = randomBytes(32);
const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

describe("MFA secret box", () => {
  it("round-trips, with a fresh IV each time and no plaintext in the output", () => {
    const a = sealMfaSecret(key, secret, "user-1");
    const b = sealMfaSecret(key, secret, "user-1");
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret);
    expect(Buffer.from(a, "base64").length).toBe(12 + 16 + secret.length);
    expect(openMfaSecret(key, a, "user-1")).toBe(secret);
  });

  it("refuses a tampered ciphertext, another user's row, another key, and truncated input", () => {
    const sealed = sealMfaSecret(key, secret, "user-1");
    const bytes = Buffer.from(sealed, "base64");
    bytes[bytes.length - 1]! ^= 1;
    expect(() => openMfaSecret(key, bytes.toString("base64"), "user-1")).toThrow();
    expect(() => openMfaSecret(key, sealed, "user-2")).toThrow();
    expect(() => openMfaSecret(randomBytes(32), sealed, "user-1")).toThrow();
    expect(() => openMfaSecret(key, Buffer.alloc(20).toString("base64"), "user-1")).toThrow(/truncated/);
  });
});
