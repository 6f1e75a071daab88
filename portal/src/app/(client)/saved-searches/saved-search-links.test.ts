import { describe, expect, it } from "vitest";
import { savedSearchHref, savedSearchSummary } from "./saved-search-links";

describe("saved searches", () => {
  it("open the search page with the saved filters in its URL", () => {
    expect(
      savedSearchHref({
        kind: "JOBS",
        query: { q: "kubernetes", category: ["devops", "backend"], budgetMin: 10000 },
      }),
    ).toBe("/jobs?q=kubernetes&category=devops&category=backend&budgetMin=10000");
    expect(
      savedSearchHref({ kind: "FREELANCERS", query: { skills: ["figma"], availability: ["PART_TIME"] } }),
    ).toBe("/freelancers?skills=figma&availability=PART_TIME");
    expect(savedSearchHref({ kind: "JOBS", query: {} })).toBe("/jobs");
  });

  it("say in a line what they look for", () => {
    expect(
      savedSearchSummary({
        query: {
          q: "figma",
          category: ["design"],
          skills: ["ui-design", "figma"],
          billing: ["FIXED"],
          postedWithin: "7d",
        },
      }),
    ).toBe("“figma” · Design · 2 skills · Fixed price · posted in the last 7 days");
    expect(
      savedSearchSummary({ query: { budgetMin: 10000, budgetMax: 49999, clientHistory: "hired" } }),
    ).toBe("budget 100 – 500 · clients who have hired");
    expect(savedSearchSummary({ query: {} })).toBe("Everything");
  });
});
