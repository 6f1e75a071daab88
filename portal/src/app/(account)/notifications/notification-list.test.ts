import { describe, expect, it } from "vitest";
import { placeFor } from "./notification-list";

describe("placeFor", () => {
  it("leads each kind to the page where one acts on it", () => {
    expect(placeFor("offer.received")?.href).toBe("/offers");
    expect(placeFor("contract.funded")?.href).toBe("/contracts");
    expect(placeFor("payout.paid")?.href).toBe("/wallet");
    expect(placeFor("message.received")?.href).toBe("/messages");
    expect(placeFor("something.else")).toBeUndefined();
  });
});
