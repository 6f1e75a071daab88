import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxSkillPodNameLength, skillPodNameFor } from "./skillpod-name.js";

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// The CRD's pattern for contract and milestone ids.
const crdId = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/);

describe("skillPodNameFor", () => {
  it("is a DNS label within the CRD's length rule for any ids", () => {
    fc.assert(
      fc.property(fc.oneof(crdId, fc.string()), fc.oneof(crdId, fc.string()), (contract, milestone) => {
        const name = skillPodNameFor(contract, milestone);
        expect(name.length).toBeLessThanOrEqual(maxSkillPodNameLength);
        expect(name).toMatch(dnsLabel);
      }),
    );
  });

  it("is deterministic and keeps ids apart that differ only in case, separators or split", () => {
    fc.assert(
      fc.property(crdId, crdId, (contract, milestone) => {
        expect(skillPodNameFor(contract, milestone)).toBe(skillPodNameFor(contract, milestone));
      }),
    );
    const names = [
      skillPodNameFor("c_1", "m-1"),
      skillPodNameFor("c-1", "m-1"),
      skillPodNameFor("C-1", "m-1"),
      skillPodNameFor("c-1-m", "1"),
      skillPodNameFor("c", "1-m-1"),
    ];
    expect(new Set(names).size).toBe(names.length);
  });

  it("stays readable", () => {
    expect(skillPodNameFor("c_456", "M789")).toMatch(/^c-456-m789-[0-9a-f]{10}$/);
    const long = skillPodNameFor("c".repeat(63), "m".repeat(63));
    expect(long).toHaveLength(maxSkillPodNameLength);
  });
});
