import { describe, expect, it } from "vitest";
import { problemOf } from "./problem";

describe("problemOf", () => {
  it("says a validation problem in words, one entry per field", () => {
    const problem = problemOf(
      {
        code: "SKP_VALIDATION_FAILED",
        detail: "Invalid request: …",
        errors: [
          { field: "email", message: "must NOT have fewer than 3 characters" },
          { field: "email", message: 'must match format "email"' },
          { field: "password", message: "must have required property 'password'" },
        ],
      },
      400,
    );
    expect(problem.message).toBe("Some fields need another look.");
    expect(problem.fields).toEqual([
      { field: "email", message: "is too short (at least 3 characters)" },
      { field: "password", message: "is required" },
    ]);
  });

  it("keeps a 4xx detail written for people and hides a 5xx's", () => {
    expect(problemOf({ code: "SKP_OFFER_EXPIRED", detail: "The offer expired on 1 May." }, 409).message).toBe(
      "The offer expired on 1 May.",
    );
    expect(problemOf({ code: "SKP_X", detail: "pg: connection refused at 10.0.0.3" }, 503).message).toBe(
      "Something went wrong on our side. Try again in a moment.",
    );
    expect(problemOf("not json", 502)).toMatchObject({ code: "HTTP_502", fields: [] });
  });
});
