import { describe, expect, it } from "vitest";
import { chainStatusOf } from "./chain-words";

describe("the audit chain's verification in words", () => {
  it("says up to which event the chain verified, with what was checked", () => {
    const status = chainStatusOf(
      { valid: true, checked: 12, checkpoints: 1, lastHash: "ab" },
      { id: "42", occurredAt: "2026-12-07T10:30:00.000Z" },
    );
    expect(status).toEqual({
      tone: "ok",
      title: "Chain verified up to event #42 (7 Dec 2026, 10:30 UTC).",
      detail: "12 events checked since the last checkpoint; 1 signed checkpoint verified.",
    });
  });

  it("says so when there is nothing to verify yet", () => {
    expect(chainStatusOf({ valid: true, checked: 0, checkpoints: 0 }, undefined).title).toBe(
      "Chain verified: the trail has no events yet.",
    );
  });

  it("names the first broken event and what its break means", () => {
    const status = chainStatusOf(
      { valid: false, checked: 7, firstBrokenId: "8", reason: "hash_mismatch" },
      { id: "9", occurredAt: "2026-12-07T10:30:00.000Z" },
    );
    expect(status.tone).toBe("danger");
    expect(status.title).toBe("Chain broken at event #8.");
    expect(status.detail).toContain("changed after it was written");
    expect(status.brokenEventId).toBe("8");
  });

  it("names a broken checkpoint, and an unknown reason as it came", () => {
    const status = chainStatusOf(
      { valid: false, checked: 0, firstBrokenId: null, checkpointId: "3", reason: "something_new" },
      undefined,
    );
    expect(status.title).toBe("Chain broken at checkpoint #3.");
    expect(status.detail).toContain("something_new");
  });
});
