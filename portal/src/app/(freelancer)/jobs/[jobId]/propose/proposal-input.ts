import type { Problem } from "../../../../../api/problem";
import { textOf } from "../../../../../lib/form-fields";
import { milestonesFromForm } from "../../../../../components/marketplace/milestone-form";
import { amountMinorOf } from "../../../../../components/marketplace/money-input";
import type { ProposalInput } from "../../../../../components/marketplace/types";

/**
 * The proposal a form sent and the fields that are not right. On a fixed-price job the bid is the
 * milestones' total (the API wants them equal); on an hourly job the bid is a rate and the milestones (at
 * least one, as on every proposal) an estimate.
 */
export function proposalFromForm(form: FormData): { input: ProposalInput; fields: Problem["fields"] } {
  const currency = textOf(form, "currency");
  const { milestones, fields } = milestonesFromForm(form, currency);
  const hourly = textOf(form, "billing") === "HOURLY";
  const rate = amountMinorOf(textOf(form, "bid"), currency);
  const bidMinor = hourly ? (rate ?? 0) : milestones.reduce((sum, m) => sum + m.amount.amountMinor, 0);
  if (hourly && !rate)
    fields.push({ field: "bid", message: `must be an hourly rate in ${currency}, e.g. 45.00` });
  if (milestones.length === 0) fields.push({ field: "milestones", message: "need at least one row" });
  if (milestones.length > 20) fields.push({ field: "milestones", message: "can be at most 20" });
  const coverLetter = textOf(form, "coverLetter").trim();
  if (!coverLetter) fields.push({ field: "coverLetter", message: "is required" });
  return { input: { coverLetter, bid: { amountMinor: bidMinor, currency }, milestones }, fields };
}
