import { describe, expect, it } from "vitest";
import { hoursOf } from "./weekly-statements";

describe("hoursOf", () => {
  it("says minutes as hours and minutes", () => {
    expect(hoursOf(0)).toBe("0 min");
    expect(hoursOf(45)).toBe("45 min");
    expect(hoursOf(90)).toBe("1 h 30 min");
    expect(hoursOf(2_700)).toBe("45 h");
  });
});
