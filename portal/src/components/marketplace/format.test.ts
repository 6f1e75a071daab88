import { describe, expect, it } from "vitest";
import { bandText, budgetText, ratingText, weeklyLimitText } from "./format";

describe("marketplace wording", () => {
  it("shows a budget as a range, per hour for hourly jobs", () => {
    expect(budgetText({ minMinor: 180000, maxMinor: 250000, currency: "USD" }, "FIXED")).toBe(
      "$1,800.00 – $2,500.00",
    );
    expect(budgetText({ minMinor: 5000, maxMinor: 5000, currency: "EUR" }, "HOURLY")).toBe("€50.00 per hour");
  });

  it("names budget bands by their ends", () => {
    expect(bandText(0, 9999)).toBe("Under 100");
    expect(bandText(10000, 49999)).toBe("100 – 500");
    expect(bandText(500000, null)).toBe("5,000 or more");
  });

  it("says hours and reviews in words", () => {
    expect(weeklyLimitText(1200)).toBe("Up to 20 hours a week");
    expect(weeklyLimitText(90)).toBe("Up to 1.5 hours a week");
    expect(ratingText(4.666, 3)).toBe("4.7 out of 5 from 3 reviews");
    expect(ratingText(null, 0)).toBe("No reviews yet");
  });
});
