"use client";
import { useState, type ReactElement } from "react";
import {
  fieldError,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from "../../../../../../components/ui";
import { milestoneRowsOf, type MilestoneRow } from "../../../../../../components/marketplace/milestone-form";
import { MilestoneRows } from "../../../../../../components/marketplace/milestone-rows";
import {
  StickyForm,
  type Sticky,
  type StickyAction,
} from "../../../../../../components/marketplace/sticky-form";
import type { WorkspaceTerms } from "../../../../../../components/marketplace/types";
import { WorkspaceTermsFields } from "../../../../../../components/marketplace/workspace-terms-fields";

export type OfferStart = {
  proposalId: string;
  title: string;
  billing: string;
  currency: string;
  hourlyRate: string;
  rows: MilestoneRow[];
  terms: WorkspaceTerms;
};

function Billing({ sticky, start }: { sticky: Sticky; start: OfferStart }): ReactElement {
  const [billing, setBilling] = useState(sticky.value("billing", start.billing));
  return (
    <fieldset className="mp-fieldset">
      <legend>Pricing</legend>
      <SelectField
        name="billing"
        label="Fixed price or hourly"
        value={billing}
        onChange={(e) => setBilling(e.target.value)}
        options={[
          ["FIXED", "Fixed price: paid per milestone"],
          ["HOURLY", "Hourly: paid for hours worked, up to a weekly limit"],
        ]}
        problem={sticky.problem}
      />
      {billing === "HOURLY" ? (
        <div className="mp-two">
          <TextField
            name="hourlyRate"
            label={`Hourly rate (${start.currency})`}
            inputMode="decimal"
            defaultValue={sticky.value("hourlyRate", start.hourlyRate)}
            problem={sticky.problem}
          />
          <TextField
            name="weeklyLimitMinutes"
            label="Weekly limit (hours)"
            inputMode="decimal"
            hint="The most hours a week the freelancer may bill."
            defaultValue={sticky.value("weeklyLimitMinutes", "20")}
            problem={sticky.problem}
          />
        </div>
      ) : null}
    </fieldset>
  );
}

/** The offer's terms, starting from the proposal's and the job's; the client may change any of them. */
export function OfferForm({ action, start }: { action: StickyAction; start: OfferStart }): ReactElement {
  return (
    <StickyForm action={action} label="Make an offer">
      {(sticky) => (
        <>
          <input type="hidden" name="proposalId" value={start.proposalId} />
          <input type="hidden" name="currency" value={start.currency} />
          <TextField
            name="title"
            label="Contract title"
            maxLength={200}
            defaultValue={sticky.value("title", start.title)}
            problem={sticky.problem}
          />
          <Billing sticky={sticky} start={start} />
          <fieldset className="mp-fieldset">
            <legend>Milestones</legend>
            <p className="ui-hint">Each milestone is funded into escrow and paid when you approve it.</p>
            {fieldError(sticky.problem, "milestones") &&
            !sticky.problem?.fields.some((f) => f.field.startsWith("milestones.")) ? (
              <p className="ui-field-error">Milestones {fieldError(sticky.problem, "milestones")}</p>
            ) : null}
            <MilestoneRows
              initial={milestoneRowsOf(sticky.values, start.rows)}
              currency={start.currency}
              problem={sticky.problem}
              totalLabel="Contract total"
            />
          </fieldset>
          <WorkspaceTermsFields sticky={sticky} terms={start.terms} />
          <TextAreaField
            name="message"
            label="Message to the freelancer"
            rows={4}
            maxLength={5000}
            defaultValue={sticky.value("message")}
            problem={sticky.problem}
          />
          <SelectField
            name="expiresInDays"
            label="The offer stays open for"
            defaultValue={sticky.value("expiresInDays", "7")}
            options={[
              ["1", "1 day"],
              ["3", "3 days"],
              ["7", "7 days"],
            ]}
            problem={sticky.problem}
          />
          <SubmitButton pending="Sending…">Send offer</SubmitButton>
        </>
      )}
    </StickyForm>
  );
}
