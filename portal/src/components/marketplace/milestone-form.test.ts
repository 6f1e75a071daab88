import { describe, expect, it } from "vitest";
import { valuesOf } from "./form-values";
import {
  dueAtOf,
  milestoneRowsOf,
  milestonesFromForm,
  rowsFromMilestones,
  rowsTotalMinor,
} from "./milestone-form";
import { amountMinorOf, amountTextOf } from "./money-input";

function formOf(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return form;
}

describe("milestone form", () => {
  it("sends amounts typed in the currency's units as minor units, in row order", () => {
    const form = formOf([
      ["milestones.1.title", "Second"],
      ["milestones.1.amount", "1,250.5"],
      ["milestones.1.dueAt", ""],
      ["milestones.0.title", " First "],
      ["milestones.0.amount", "300"],
      ["milestones.0.dueAt", "2027-03-01"],
    ]);
    expect(milestonesFromForm(form, "USD")).toEqual({
      milestones: [
        {
          title: "First",
          amount: { amountMinor: 30000, currency: "USD" },
          dueAt: "2027-03-01T23:59:59.000Z",
        },
        { title: "Second", amount: { amountMinor: 125050, currency: "USD" }, dueAt: null },
      ],
      fields: [],
    });
  });

  it("names each wrong field by its row, as the API does", () => {
    const form = formOf([
      ["milestones.0.title", ""],
      ["milestones.0.amount", "12.345"],
      ["milestones.0.dueAt", "2027-02-30"],
      ["milestones.1.title", "Ok"],
      ["milestones.1.amount", "0"],
    ]);
    expect(milestonesFromForm(form, "USD").fields.map((f) => f.field)).toEqual([
      "milestones.0.title",
      "milestones.0.amount",
      "milestones.0.dueAt",
      "milestones.1.amount",
    ]);
  });

  it("renumbers rows with gaps so problems match the positions sent", () => {
    const form = formOf([
      ["milestones.0.title", "A"],
      ["milestones.0.amount", "x"],
      ["milestones.3.title", "B"],
      ["milestones.3.amount", "nope"],
    ]);
    expect(milestonesFromForm(form, "EUR").fields.map((f) => f.field)).toEqual([
      "milestones.0.amount",
      "milestones.1.amount",
    ]);
  });

  it("uses the currency's own minor unit (JPY has none)", () => {
    expect(amountMinorOf("1500", "JPY")).toBe(1500);
    expect(amountMinorOf("1500.5", "JPY")).toBeUndefined();
    expect(amountTextOf({ amountMinor: 1500, currency: "JPY" })).toBe("1500");
    expect(amountTextOf({ amountMinor: 5, currency: "USD" })).toBe("0.05");
    expect(amountTextOf({ amountMinor: 125050, currency: "EUR" })).toBe("1250.50");
  });

  it("reads a due date as the end of that day in UTC, or says it is not one", () => {
    expect(dueAtOf("")).toBeNull();
    expect(dueAtOf("2027-01-31")).toBe("2027-01-31T23:59:59.000Z");
    expect(dueAtOf("31/01/2027")).toBeUndefined();
    expect(dueAtOf("2027-13-01")).toBeUndefined();
  });

  it("shows the rows that were sent after a refusal, else the starting rows", () => {
    const start = rowsFromMilestones([
      { title: "Design", amount: { amountMinor: 50000, currency: "USD" }, dueAt: "2027-01-10T12:00:00.000Z" },
    ]);
    expect(start).toEqual([{ title: "Design", amount: "500.00", due: "2027-01-10" }]);
    expect(milestoneRowsOf(undefined, start)).toBe(start);
    const sent = valuesOf(
      formOf([
        ["milestones.0.title", "X"],
        ["milestones.0.amount", "7"],
      ]),
    );
    expect(milestoneRowsOf(sent, start)).toEqual([{ title: "X", amount: "7", due: "" }]);
    expect(rowsTotalMinor([...start, { title: "", amount: "bad", due: "" }], "USD")).toBe(50000);
  });
});
