import { describe, expect, it } from "vitest";
import { fieldName, groupedPreferences, kindWords, preferencesFromForm } from "./preference-kinds";

describe("kindWords", () => {
  it("names each kind and its group, and keeps an unknown kind readable", () => {
    expect(kindWords("contract.funded")).toEqual({ group: "Contracts", label: "A milestone is funded" });
    expect(kindWords("something.new")).toEqual({ group: "Other", label: "something.new" });
  });
});

describe("groupedPreferences", () => {
  it("groups in first-seen order and keeps the API's order inside a group", () => {
    const p = (kind: string) => ({ kind, inApp: true, email: true, explicit: false });
    const grouped = groupedPreferences([p("offer.received"), p("contract.funded"), p("offer.declined")]);
    expect(grouped.map((g) => [g.group, g.items.map((i) => i.kind)])).toEqual([
      ["Offers", ["offer.received", "offer.declined"]],
      ["Contracts", ["contract.funded"]],
    ]);
  });
});

describe("preferencesFromForm", () => {
  it("reads a ticked box as on and an absent one as off, for every kind listed", () => {
    const form = new FormData();
    form.set(fieldName("offer.received", "inApp"), "on");
    form.set(fieldName("payout.paid", "email"), "on");
    expect(preferencesFromForm(form, ["offer.received", "payout.paid"])).toEqual([
      { kind: "offer.received", inApp: true, email: false },
      { kind: "payout.paid", inApp: false, email: true },
    ]);
  });
});
