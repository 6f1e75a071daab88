import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("keeps a path on this site", () => {
    expect(safeNext("/contracts/c-1?tab=x")).toBe("/contracts/c-1?tab=x");
  });
  it.each([
    "//evil.example/",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "",
    42,
    null,
  ])("sends %j home", (value) => expect(safeNext(value)).toBe("/"));
});
