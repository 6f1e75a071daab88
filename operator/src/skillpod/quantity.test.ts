import { describe, expect, it } from "vitest";
import { parseQuantity } from "./quantity.js";

describe("parseQuantity", () => {
  it.each([
    ["500m", 0.5],
    ["2", 2],
    [2, 2],
    ["4Gi", 4 * 2 ** 30],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["100M", 1e8],
    ["1e3", 1000],
  ])("%s", (input, expected) => expect(parseQuantity(input)).toBe(expected));

  it("rejects what the API server would", () => {
    expect(() => parseQuantity("two")).toThrow(/not a quantity/);
    expect(() => parseQuantity("4GB")).toThrow(/not a quantity/);
  });
});
