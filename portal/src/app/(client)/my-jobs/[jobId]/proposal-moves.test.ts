import { describe, expect, it } from "vitest";
import { compareChoiceOf, proposalMovesFor } from "./proposal-moves";

const id = (n: number): string => `00000000-0000-4000-8000-00000000000${n}`;

describe("what a client may do with a proposal", () => {
  it("shortlist, offer, archive or decline a new proposal on an open job", () => {
    expect(proposalMovesFor("SUBMITTED", "OPEN")).toEqual(["shortlist", "offer", "archive", "decline"]);
  });

  it("no shortlisting twice, and no offer once the job is closed", () => {
    expect(proposalMovesFor("SHORTLISTED", "OPEN")).toEqual(["offer", "archive", "decline"]);
    expect(proposalMovesFor("SHORTLISTED", "CLOSED")).toEqual(["archive", "decline"]);
  });

  it("nothing for a proposal that is settled", () => {
    for (const state of ["ARCHIVED", "DECLINED", "WITHDRAWN", "HIRED"] as const)
      expect(proposalMovesFor(state, "OPEN")).toEqual([]);
  });
});

describe("proposals ticked for comparison", () => {
  it("compares two to four", () => {
    expect(compareChoiceOf([id(1), id(2)])).toEqual({ ids: [id(1), id(2)] });
    expect(compareChoiceOf(`${id(1)},${id(2)},${id(3)}`).problem).toBeUndefined();
  });

  it("says why one or five cannot be compared, and ignores what is not an id", () => {
    expect(compareChoiceOf(id(1)).problem).toMatch(/at least two/);
    expect(compareChoiceOf([1, 2, 3, 4, 5].map(id)).problem).toMatch(/at most four/);
    expect(compareChoiceOf(["x", "../etc"])).toEqual({ ids: [] });
    expect(compareChoiceOf(undefined)).toEqual({ ids: [] });
  });
});
