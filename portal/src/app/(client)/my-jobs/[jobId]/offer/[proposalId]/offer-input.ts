import type { Problem } from "../../../../../../api/problem";
import { integerOf, textOf } from "../../../../../../lib/form-fields";
import { milestonesFromForm } from "../../../../../../components/marketplace/milestone-form";
import { amountMinorOf } from "../../../../../../components/marketplace/money-input";
import type { OfferInput } from "../../../../../../components/marketplace/types";
import { workspaceTermsFromForm } from "../../../../../../components/marketplace/workspace-terms-form";

type Fields = Problem["fields"];

/** Hours a week as the API's minutes; undefined when it is not a number of hours from 1 to 168. */
export function weeklyMinutesOf(text: string): number | undefined {
  const clean = text.trim().replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return undefined;
  const minutes = Math.round(Number(clean) * 60);
  return minutes >= 60 && minutes <= 10080 ? minutes : undefined;
}

function hourlyTerms(
  form: FormData,
  currency: string,
  fields: Fields,
): Pick<OfferInput, "hourlyRate" | "weeklyLimitMinutes"> {
  const rate = amountMinorOf(textOf(form, "hourlyRate"), currency);
  const weekly = weeklyMinutesOf(textOf(form, "weeklyLimitMinutes"));
  if (!rate)
    fields.push({ field: "hourlyRate", message: `must be an hourly rate in ${currency}, e.g. 45.00` });
  if (weekly === undefined)
    fields.push({ field: "weeklyLimitMinutes", message: "must be between 1 and 168 hours" });
  return { hourlyRate: { amountMinor: rate ?? 0, currency }, weeklyLimitMinutes: weekly ?? 0 };
}

/**
 * An offer's terms as the client edited them: title, fixed or hourly (with rate and weekly cap), milestones
 * in the proposal's currency, workspace terms, a message and how long it stays open.
 */
export function offerFromForm(form: FormData): { input: OfferInput; fields: Fields } {
  const currency = textOf(form, "currency");
  const { milestones, fields } = milestonesFromForm(form, currency);
  const hourly = textOf(form, "billing") === "HOURLY";
  if (!hourly && milestones.length === 0)
    fields.push({ field: "milestones", message: "need at least one row on a fixed-price contract" });
  const title = textOf(form, "title").trim();
  if (!title) fields.push({ field: "title", message: "is required" });
  const terms = workspaceTermsFromForm(form);
  const days = integerOf(form, "expiresInDays");
  const input: OfferInput = {
    title,
    billing: hourly ? "HOURLY" : "FIXED",
    ...(hourly ? hourlyTerms(form, currency, fields) : {}),
    milestones,
    workspaceTerms: terms.terms,
    message: textOf(form, "message").trim(),
    ...(days && days > 0 ? { expiresInSeconds: days * 24 * 3600 } : {}),
  };
  return { input, fields: [...fields, ...terms.fields] };
}
