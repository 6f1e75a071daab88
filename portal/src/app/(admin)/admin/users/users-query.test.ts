import { describe, expect, it } from "vitest";
import { directoryFiltersOf, directoryHref } from "./users-query";

describe("the account directory's filters", () => {
  it("keeps a known role and a non-empty email, and drops the rest", () => {
    expect(directoryFiltersOf({ role: "auditor", email: " ada@ ", cursor: "c1" })).toEqual({
      role: "auditor",
      email: "ada@",
      cursor: "c1",
    });
    expect(directoryFiltersOf({ role: "root", email: "  " })).toEqual({});
    expect(directoryFiltersOf({ role: ["client", "admin"] })).toEqual({ role: "client" });
  });

  it("links back with the filters", () => {
    expect(directoryHref({ role: "client", email: "a+b@x", cursor: "n" })).toBe(
      "/admin/users?role=client&email=a%2Bb%40x&cursor=n",
    );
    expect(directoryHref({})).toBe("/admin/users");
  });
});
