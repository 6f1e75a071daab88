import { describe, expect, it } from "vitest";
import { canonicalJson, requestHash } from "./request-hash.js";

describe("requestHash", () => {
  it("ignores key order at every depth", () => {
    const a = { amountMinor: 100, metadata: { b: 1, a: [{ y: 2, x: 1 }] }, currency: "EUR" };
    const b = { currency: "EUR", metadata: { a: [{ x: 1, y: 2 }], b: 1 }, amountMinor: 100 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(requestHash(a)).toBe(requestHash(b));
  });

  it("tells different bodies apart", () => {
    expect(requestHash({ amountMinor: 100 })).not.toBe(requestHash({ amountMinor: 101 }));
    expect(requestHash({ metadata: { a: "1" } })).not.toBe(requestHash({ metadata: { a: 1 } }));
    expect(requestHash({ list: [1, 2] })).not.toBe(requestHash({ list: [2, 1] }));
  });
});
