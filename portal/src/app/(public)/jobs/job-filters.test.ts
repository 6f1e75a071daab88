import { describe, expect, it } from "vitest";
import { searchParamsOf, toggled } from "../../../components/marketplace/search-params";
import {
  hasJobFilters,
  jobFiltersOf,
  jobSearchHref,
  jobSearchQueryOf,
  savedJobQueryOf,
  suggestedSearchName,
} from "./job-filters";

const parse = (query: string): ReturnType<typeof jobFiltersOf> =>
  jobFiltersOf(searchParamsOf(new URLSearchParams(query)));

describe("job search filters in the URL", () => {
  it("read every filter, lists repeated or comma-separated", () => {
    const f = parse(
      "q=kubernetes&category=devops&category=backend&skills=helm,docker&billing=HOURLY" +
        "&budgetMin=10000&budgetMax=49999&postedWithin=7d&clientHistory=hired&sort=newest",
    );
    expect(jobSearchQueryOf(f)).toEqual({
      q: "kubernetes",
      category: ["devops", "backend"],
      skills: ["helm", "docker"],
      billing: ["HOURLY"],
      budgetMin: 10000,
      budgetMax: 49999,
      postedWithin: "7d",
      clientHistory: "hired",
      sort: "newest",
      limit: 20,
    });
  });

  it("drop what the API would refuse instead of failing the page", () => {
    const f = parse("category=cooking&billing=DAILY&budgetMin=-5&postedWithin=2y&sort=random&q=%20%20");
    expect(jobSearchQueryOf(f)).toEqual({ limit: 20 });
    expect(hasJobFilters(f)).toBe(false);
  });

  it("write the same URL back, so a shared link shows the same search", () => {
    const url = "/jobs?q=react&category=web-development&skills=typescript&billing=FIXED&budgetMin=500000";
    expect(jobSearchHref(parse(url.split("?")[1]!))).toBe(url);
  });

  it("go back to the first page when a filter changes, and keep the cursor only when asked", () => {
    const f = parse("q=go&cursor=abc&page=3");
    expect(f.page).toBe(3);
    expect(jobSearchQueryOf(f).cursor).toBe("abc");
    expect(jobSearchHref(f, { billing: toggled(f.billing, "FIXED") })).toBe("/jobs?q=go&billing=FIXED");
    expect(jobSearchHref(f, { cursor: "next", page: 4 })).toBe("/jobs?q=go&cursor=next&page=4");
  });

  it("save the search without its page, and name it after what it looks for", () => {
    const f = parse("q=figma&category=design&cursor=abc");
    expect(savedJobQueryOf(f)).toEqual({ q: "figma", category: ["design"] });
    expect(suggestedSearchName(f, (c) => c.toUpperCase())).toBe("figma · DESIGN");
    expect(suggestedSearchName(parse(""), (c) => c)).toBe("All open jobs");
  });
});
