import { describe, expect, it } from "vitest";
import { disputesOf, resolutionWords } from "./disputes";

const event = (id: string, type: string, milestoneId: string, details: Record<string, unknown> = {}) => ({
  id,
  at: `2026-12-0${id}T10:00:00.000Z`,
  type,
  milestoneId,
  actorId: "u1",
  note: null,
  links: [],
  details,
});

describe("disputesOf", () => {
  it("pairs each opening with the resolution of the same milestone that followed it", () => {
    const disputes = disputesOf([
      event("1", "contract.dispute_opened", "m1"),
      event("2", "contract.dispute_opened", "m2"),
      event("3", "contract.submitted", "m1"),
      event("4", "contract.dispute_resolved", "m1", { favor: "client" }),
    ]);
    expect(disputes.map((d) => [d.milestoneId, d.opened.id, d.resolved?.id])).toEqual([
      ["m1", "1", "4"],
      ["m2", "2", undefined],
    ]);
  });

  it("is empty for a timeline without disputes", () => {
    expect(disputesOf([event("1", "contract.funded", "m1")])).toEqual([]);
  });
});

describe("resolutionWords", () => {
  it("says who the admin resolved for", () => {
    expect(resolutionWords(event("1", "contract.dispute_resolved", "m1", { favor: "client" }))).toMatch(
      /client/,
    );
    expect(resolutionWords(event("1", "contract.dispute_resolved", "m1", { favor: "freelancer" }))).toMatch(
      /freelancer/,
    );
  });
});
