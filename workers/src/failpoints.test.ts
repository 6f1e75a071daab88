import { describe, expect, it } from "vitest";
import { parseFailpoints } from "./failpoints.js";

describe("failpoints", () => {
  it("parses names with probabilities, defaulting to always", () => {
    expect(parseFailpoints("")).toEqual(new Map());
    expect([...parseFailpoints("after-escrow-release:0.3, after-provider-call")]).toEqual([
      ["after-escrow-release", 0.3],
      ["after-provider-call", 1],
    ]);
  });

  it("refuses unknown points and probabilities outside 0..1", () => {
    expect(() => parseFailpoints("before-anything:0.5")).toThrow(/bad failpoint/);
    expect(() => parseFailpoints("after-escrow-release:2")).toThrow(/bad failpoint/);
    expect(() => parseFailpoints("after-escrow-release:x")).toThrow(/bad failpoint/);
  });
});
