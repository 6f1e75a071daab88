"use client";
import type { ReactElement } from "react";
import { fieldError, SubmitButton, TextAreaField, TextField } from "../../../../../components/ui";
import { MilestoneRows } from "../../../../../components/marketplace/milestone-rows";
import { milestoneRowsOf, type MilestoneRow } from "../../../../../components/marketplace/milestone-form";
import { StickyForm, type StickyAction } from "../../../../../components/marketplace/sticky-form";

const firstRow: MilestoneRow[] = [{ title: "", amount: "", due: "" }];

/** A proposal: milestones (the price on a fixed-price job) or an hourly rate, and a cover letter. */
export function ProposalForm(props: {
  action: StickyAction;
  jobId: string;
  billing: string;
  currency: string;
}): ReactElement {
  const hourly = props.billing === "HOURLY";
  return (
    <StickyForm action={props.action} label="Your proposal">
      {(sticky) => (
        <>
          <input type="hidden" name="jobId" value={props.jobId} />
          <input type="hidden" name="billing" value={props.billing} />
          <input type="hidden" name="currency" value={props.currency} />
          {hourly ? (
            <TextField
              name="bid"
              label={`Your hourly rate (${props.currency})`}
              inputMode="decimal"
              hint="What you charge per hour for this job."
              defaultValue={sticky.value("bid")}
              problem={sticky.problem}
            />
          ) : null}
          <fieldset className="mp-fieldset">
            <legend>Milestones</legend>
            <p className="ui-hint">
              {hourly
                ? "An estimate of the stages of the work and what each may cost (at least one)."
                : "Split the work into milestones; the client funds each into escrow and you are paid as each is approved. They add up to your price."}
            </p>
            {fieldError(sticky.problem, "milestones") &&
            !sticky.problem?.fields.some((f) => f.field.startsWith("milestones.")) ? (
              <p className="ui-field-error">Milestones {fieldError(sticky.problem, "milestones")}</p>
            ) : null}
            <MilestoneRows
              initial={milestoneRowsOf(sticky.values, firstRow)}
              currency={props.currency}
              problem={sticky.problem}
              minRows={1}
              totalLabel={hourly ? "Estimated total" : "Your price"}
            />
          </fieldset>
          <TextAreaField
            name="coverLetter"
            label="Cover letter"
            hint="Why you are a good fit, how you would do the work, questions for the client."
            rows={8}
            maxLength={10000}
            defaultValue={sticky.value("coverLetter")}
            problem={sticky.problem}
          />
          <SubmitButton pending="Sending…">Send proposal</SubmitButton>
        </>
      )}
    </StickyForm>
  );
}
