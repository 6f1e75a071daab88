import { describe, expect, it } from "vitest";
import { durationWords, egressWords } from "./class-words";

describe("a SkillPodClass in words", () => {
  it("says durations in the largest whole unit", () => {
    expect(durationWords(1800)).toBe("30 min");
    expect(durationWords(7200)).toBe("2 h");
    expect(durationWords(45)).toBe("45 s");
  });

  it("says egress rules as where and which port", () => {
    expect(egressWords("0.0.0.0/0:443")).toBe("anywhere on port 443");
    expect(egressWords("10.0.0.0/8:5432")).toBe("10.0.0.0/8 on port 5432");
    expect(egressWords("weird")).toBe("weird");
  });
});
