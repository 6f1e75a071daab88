import { describe, expect, it } from "vitest";
import { apiFiltersOf, auditFiltersOf, queryOf, unreadableTimes, utcTimeOf } from "./audit-query";

describe("the audit trail's filters", () => {
  it("reads the URL's filters, trimmed, the first of repeats, ignoring other keys", () => {
    expect(auditFiltersOf({ actor: " platform ", action: ["a", "b"], cursor: "x", extra: "y" })).toEqual({
      actor: "platform",
      action: "a",
      targetType: "",
      targetId: "",
      from: "",
      to: "",
    });
  });

  it("reads a datetime-local value as UTC and refuses what is not one", () => {
    expect(utcTimeOf("2026-12-07T10:30")).toBe("2026-12-07T10:30:00.000Z");
    expect(utcTimeOf("2026-12-07T10:30:15")).toBe("2026-12-07T10:30:15.000Z");
    expect(utcTimeOf("2026-13-07T10:30")).toBeUndefined();
    expect(utcTimeOf("yesterday")).toBeUndefined();
    expect(utcTimeOf("")).toBeUndefined();
  });

  it("asks the API only for the filters that are set and readable, and names the unreadable times", () => {
    const values = { ...auditFiltersOf({}), action: "audit.export", from: "2026-12-07T00:00", to: "soon" };
    expect(apiFiltersOf(values)).toEqual({ action: "audit.export", from: "2026-12-07T00:00:00.000Z" });
    expect(unreadableTimes(values)).toEqual(["to"]);
  });

  it("keeps the set filters in links, with extras such as the cursor", () => {
    const values = { ...auditFiltersOf({}), targetType: "contracts", targetId: "c 1" };
    expect(queryOf(values, { cursor: "abc" })).toBe("?targetType=contracts&targetId=c+1&cursor=abc");
    expect(queryOf(auditFiltersOf({}))).toBe("");
  });
});
