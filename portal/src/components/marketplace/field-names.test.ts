import { describe, expect, it } from "vitest";
import { fieldNameOf, problemInWords } from "./field-names";

describe("field names in a form's notice", () => {
  it("name a field as its label does", () => {
    expect(fieldNameOf("budget.maxMinor")).toBe("Budget to");
    expect(fieldNameOf("bid.amountMinor")).toBe("Your bid");
    expect(fieldNameOf("hourlyRate.currency")).toBe("Hourly rate");
    expect(fieldNameOf("workspaceTerms.clipboard")).toBe("Clipboard");
  });

  it("count rows and lines from one", () => {
    expect(fieldNameOf("milestones.0.amount.currency")).toBe("Milestone 1 amount");
    expect(fieldNameOf("milestones.2.dueAt")).toBe("Milestone 3 due date");
    expect(fieldNameOf("milestones")).toBe("Milestones");
    expect(fieldNameOf("workspaceTerms.egress.allow.1")).toBe("Network access, line 2");
  });

  it("keep a path it does not know", () => {
    expect(fieldNameOf("somethingNew")).toBe("somethingNew");
    const problem = {
      status: 400,
      code: "X",
      message: "m",
      fields: [{ field: "title", message: "is required" }],
    };
    expect(problemInWords(problem).fields).toEqual([{ field: "Title", message: "is required" }]);
  });
});
