import { describe, expect, it } from "vitest";
import { searchParamsOf, toggled } from "../../../components/marketplace/search-params";
import {
  freelancerFiltersOf,
  freelancerSearchHref,
  freelancerSearchQueryOf,
  hasFreelancerFilters,
} from "./freelancer-filters";

const parse = (query: string): ReturnType<typeof freelancerFiltersOf> =>
  freelancerFiltersOf(searchParamsOf(new URLSearchParams(query)));

describe("freelancer search filters in the URL", () => {
  it("read every filter the API takes", () => {
    expect(
      freelancerSearchQueryOf(
        parse(
          "q=react&skills=typescript&availability=FULL_TIME,PART_TIME&rateMin=5000&rateMax=9999&sort=rate_low",
        ),
      ),
    ).toEqual({
      q: "react",
      skills: ["typescript"],
      availability: ["FULL_TIME", "PART_TIME"],
      rateMin: 5000,
      rateMax: 9999,
      sort: "rate_low",
      limit: 20,
    });
  });

  it("drop values the API would refuse", () => {
    const f = parse("availability=SOMETIMES&rateMin=abc&sort=cheapest");
    expect(freelancerSearchQueryOf(f)).toEqual({ limit: 20 });
    expect(hasFreelancerFilters(f)).toBe(false);
  });

  it("round-trip through the URL and start again from page one on a change", () => {
    const url = "/freelancers?q=figma&skills=ui-design&availability=PART_TIME";
    const f = parse(url.split("?")[1]!);
    expect(freelancerSearchHref(f)).toBe(url);
    expect(
      freelancerSearchHref({ ...f, cursor: "c", page: 2 }, { skills: toggled(f.skills, "ui-design") }),
    ).toBe("/freelancers?q=figma&availability=PART_TIME");
  });
});
