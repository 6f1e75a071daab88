import { describe, expect, it } from "vitest";
import { offerMovesFor } from "./offer-moves";

const offer = (state: "PENDING" | "ACCEPTED" | "DECLINED" | "EXPIRED" | "WITHDRAWN") => ({
  state,
  client: { userId: "c" },
  freelancer: { userId: "f" },
});

describe("what a party may do with an offer", () => {
  it("the freelancer accepts or declines a pending offer; the client withdraws it", () => {
    expect(offerMovesFor(offer("PENDING"), "f")).toEqual(["accept", "decline"]);
    expect(offerMovesFor(offer("PENDING"), "c")).toEqual(["withdraw"]);
    expect(offerMovesFor(offer("PENDING"), "someone else")).toEqual([]);
  });

  it("nobody moves a settled offer", () => {
    for (const state of ["ACCEPTED", "DECLINED", "EXPIRED", "WITHDRAWN"] as const) {
      expect(offerMovesFor(offer(state), "f")).toEqual([]);
      expect(offerMovesFor(offer(state), "c")).toEqual([]);
    }
  });
});
