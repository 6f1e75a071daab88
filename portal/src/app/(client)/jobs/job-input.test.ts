import { describe, expect, it } from "vitest";
import { jobFromForm } from "./job-input";

function formOf(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return form;
}

const complete: [string, string][] = [
  ["title", " Kubernetes cost review "],
  ["description", "Review our staging cluster."],
  ["category", "devops"],
  ["skills", "kubernetes"],
  ["skills", "terraform"],
  ["billing", "HOURLY"],
  ["budget.currency", "EUR"],
  ["budget.minMinor", "40"],
  ["budget.maxMinor", "65.50"],
  ["duration", "LESS_THAN_MONTH"],
  ["visibility", "PUBLIC"],
  ["workspaceTerms.className", "standard-desktop"],
  ["workspaceTerms.clipboard", "ToWorkspace"],
  ["workspaceTerms.fileTransfer", "Disabled"],
  ["workspaceTerms.supervision.recording", "Disabled"],
  ["workspaceTerms.egress.allow", ""],
];

describe("job form", () => {
  it("sends every field the API takes, amounts in minor units", () => {
    const { input, fields } = jobFromForm(formOf(complete));
    expect(fields).toEqual([]);
    expect(input).toEqual({
      title: "Kubernetes cost review",
      description: "Review our staging cluster.",
      category: "devops",
      skills: ["kubernetes", "terraform"],
      billing: "HOURLY",
      budget: { minMinor: 4000, maxMinor: 6550, currency: "EUR" },
      duration: "LESS_THAN_MONTH",
      visibility: "PUBLIC",
      workspaceTerms: {
        className: "standard-desktop",
        egress: { allow: [] },
        supervision: { viewersAllowed: false, recording: "Disabled" },
        clipboard: "ToWorkspace",
        fileTransfer: "Disabled",
      },
    });
  });

  it("names each field that is missing or wrong, beside the field", () => {
    const form = formOf([
      ["budget.currency", "USD"],
      ["budget.minMinor", "900"],
      ["budget.maxMinor", "100"],
      ["workspaceTerms.egress.allow", "not-an-address"],
    ]);
    expect(jobFromForm(form).fields.map((f) => f.field)).toEqual([
      "title",
      "description",
      "category",
      "budget.maxMinor",
      "duration",
      "workspaceTerms.egress.allow.0",
    ]);
  });

  it("says an amount is not one rather than sending zero", () => {
    const form = formOf([...complete.filter(([k]) => k !== "budget.minMinor"), ["budget.minMinor", "forty"]]);
    expect(jobFromForm(form).fields).toEqual([
      { field: "budget.minMinor", message: "must be an amount in EUR, e.g. 500.00" },
    ]);
  });
});
