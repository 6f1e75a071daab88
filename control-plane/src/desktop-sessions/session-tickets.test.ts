import { describe, expect, it } from "vitest";
import { desktopTicketOf, grantOf } from "./session-tickets.js";

describe("desktopTicketOf", () => {
  it("prefers ?ticket= over the subprotocol", () => {
    expect(desktopTicketOf({ ticket: "abc" }, "ticket.def")).toBe("abc");
  });

  it("finds a ticket.<t> subprotocol among others", () => {
    expect(desktopTicketOf({}, "binary, ticket.def , base64")).toBe("def");
  });

  it("is undefined without a ticket or with an empty one", () => {
    expect(desktopTicketOf({}, undefined)).toBeUndefined();
    expect(desktopTicketOf({}, "binary")).toBeUndefined();
    expect(desktopTicketOf({ ticket: "" }, "ticket.")).toBeUndefined();
  });
});

describe("grantOf", () => {
  const grant = { userId: "u1", namespace: "skp-c1", name: "ws-1", mode: "watch" };

  it("reads back what issueDesktopTicket stores", () => {
    expect(grantOf(JSON.stringify({ ...grant, traceId: "t1" }))).toEqual({ ...grant, traceId: "t1" });
    expect(grantOf(JSON.stringify(grant))).toEqual(grant);
  });

  it("refuses values it did not write", () => {
    expect(grantOf("u1")).toBeUndefined();
    expect(grantOf("null")).toBeUndefined();
    expect(grantOf(JSON.stringify({ ...grant, mode: "admin" }))).toBeUndefined();
    expect(grantOf(JSON.stringify({ ...grant, userId: "" }))).toBeUndefined();
    expect(grantOf(JSON.stringify({ ...grant, name: 3 }))).toBeUndefined();
  });
});
