import type { Problem } from "../../../api/problem";
import { textOf } from "../../../lib/form-fields";
import { amountMinorOf } from "../../../components/marketplace/money-input";
import type { JobInput } from "../../../components/marketplace/types";
import { workspaceTermsFromForm } from "../../../components/marketplace/workspace-terms-form";
import { jobCategories } from "../../(public)/jobs/job-filters";

type Fields = Problem["fields"];

const durations = ["LESS_THAN_WEEK", "LESS_THAN_MONTH", "ONE_TO_THREE_MONTHS", "MORE_THAN_THREE_MONTHS"];

function required(form: FormData, name: string, fields: Fields): string {
  const text = textOf(form, name).trim();
  if (!text) fields.push({ field: name, message: "is required" });
  return text;
}

function choice<T extends string>(
  form: FormData,
  name: string,
  allowed: readonly string[],
  fields: Fields,
): T {
  const value = textOf(form, name);
  if (!allowed.includes(value)) fields.push({ field: name, message: "needs a choice" });
  return value as T;
}

function budgetOf(form: FormData, fields: Fields): JobInput["budget"] {
  const currency = /^[A-Z]{3}$/.test(textOf(form, "budget.currency"))
    ? textOf(form, "budget.currency")
    : "USD";
  const amount = (name: string): number => {
    const minor = amountMinorOf(textOf(form, name), currency);
    if (minor === undefined)
      fields.push({ field: name, message: `must be an amount in ${currency}, e.g. 500.00` });
    return minor ?? 0;
  };
  const budget = { minMinor: amount("budget.minMinor"), maxMinor: amount("budget.maxMinor"), currency };
  if (budget.maxMinor < budget.minMinor && !fields.some((f) => f.field.startsWith("budget.")))
    fields.push({ field: "budget.maxMinor", message: "must be at least the budget from" });
  return budget;
}

/**
 * A job as the form sent it (every field the API takes but its state) with the fields that are not right.
 * Amounts are typed in the currency's units and sent as minor units.
 */
export function jobFromForm(form: FormData): { input: Omit<JobInput, "state">; fields: Fields } {
  const fields: Fields = [];
  const skills = form.getAll("skills").filter((s): s is string => typeof s === "string" && s !== "");
  if (skills.length > 15) fields.push({ field: "skills", message: "can be at most 15" });
  const terms = workspaceTermsFromForm(form);
  const input: Omit<JobInput, "state"> = {
    title: required(form, "title", fields),
    description: required(form, "description", fields),
    category: choice(form, "category", jobCategories, fields),
    skills,
    billing: textOf(form, "billing") === "HOURLY" ? "HOURLY" : "FIXED",
    budget: budgetOf(form, fields),
    duration: choice(form, "duration", durations, fields),
    visibility: textOf(form, "visibility") === "PRIVATE" ? "PRIVATE" : "PUBLIC",
    workspaceTerms: terms.terms,
  };
  return { input, fields: [...fields, ...terms.fields] };
}
