"use client";
import type { ReactElement } from "react";
import { useFormStatus } from "react-dom";
import { SelectField, SubmitButton, TextAreaField, TextField } from "../../../components/ui";
import { billings, categories, durations } from "../../../components/marketplace/labels";
import { amountTextOf } from "../../../components/marketplace/money-input";
import { StickyForm, type Sticky, type StickyAction } from "../../../components/marketplace/sticky-form";
import type { Job } from "../../../components/marketplace/types";
import { defaultTerms } from "../../../components/marketplace/workspace-terms-form";
import { WorkspaceTermsFields } from "../../../components/marketplace/workspace-terms-fields";
import { SkillPicker, type Skill } from "./skill-picker";

const currencies: [string, string][] = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY"].map((c) => [c, c]);

/** A new job is posted open or kept as a draft: two submit buttons, the one pressed says which. */
function PostButtons(): ReactElement {
  const { pending } = useFormStatus();
  return (
    <div className="mp-actions">
      <button type="submit" name="intent" value="OPEN" className="ui-button" disabled={pending}>
        {pending ? "Saving…" : "Post job"}
      </button>
      <button
        type="submit"
        name="intent"
        value="DRAFT"
        className="ui-button"
        data-variant="secondary"
        disabled={pending}
      >
        Save as draft
      </button>
    </div>
  );
}

function BudgetFields({ sticky, job }: { sticky: Sticky; job: Job | undefined }): ReactElement {
  const currency = job?.budget.currency ?? "USD";
  const amount = (minor: number | undefined): string =>
    minor === undefined ? "" : amountTextOf({ amountMinor: minor, currency });
  return (
    <fieldset className="mp-fieldset">
      <legend>Budget</legend>
      <p className="ui-hint">For an hourly job, the range of hourly rates you would pay.</p>
      <div className="mp-three">
        <SelectField
          name="budget.currency"
          label="Currency"
          defaultValue={sticky.value("budget.currency", currency)}
          options={currencies}
          problem={sticky.problem}
        />
        <TextField
          name="budget.minMinor"
          label="Budget from"
          inputMode="decimal"
          defaultValue={sticky.value("budget.minMinor", amount(job?.budget.minMinor))}
          problem={sticky.problem}
        />
        <TextField
          name="budget.maxMinor"
          label="Budget to"
          inputMode="decimal"
          defaultValue={sticky.value("budget.maxMinor", amount(job?.budget.maxMinor))}
          problem={sticky.problem}
        />
      </div>
    </fieldset>
  );
}

function TextFields({ sticky, job }: { sticky: Sticky; job: Job | undefined }): ReactElement {
  const { problem, value } = sticky;
  return (
    <>
      <TextField
        name="title"
        label="Title"
        maxLength={150}
        defaultValue={value("title", job?.title)}
        problem={problem}
      />
      <TextAreaField
        name="description"
        label="Description"
        hint="What needs doing, what done looks like, and anything a freelancer should know first."
        rows={8}
        maxLength={20000}
        defaultValue={value("description", job?.description)}
        problem={problem}
      />
    </>
  );
}

function ChoiceFields({ sticky, job }: { sticky: Sticky; job: Job | undefined }): ReactElement {
  const { problem, value } = sticky;
  return (
    <div className="mp-two">
      <SelectField
        name="category"
        label="Category"
        defaultValue={value("category", job?.category ?? "")}
        options={[["", "Choose a category"], ...categories]}
        problem={problem}
      />
      <SelectField
        name="duration"
        label="Expected duration"
        defaultValue={value("duration", job?.duration ?? "")}
        options={[["", "Choose a duration"], ...durations]}
        problem={problem}
      />
      <SelectField
        name="billing"
        label="Pricing"
        defaultValue={value("billing", job?.billing ?? "FIXED")}
        options={billings}
        problem={problem}
      />
      <SelectField
        name="visibility"
        label="Visibility"
        defaultValue={value("visibility", job?.visibility ?? "PUBLIC")}
        options={[
          ["PUBLIC", "Public: anyone can find it"],
          ["PRIVATE", "Private: not in search"],
        ]}
        problem={problem}
      />
    </div>
  );
}

/** Post a job or edit one: every field the API takes, each refused field's message beside it. */
export function JobForm(props: { action: StickyAction; skills: Skill[]; job?: Job }): ReactElement {
  const { job } = props;
  return (
    <StickyForm action={props.action} label={job ? "Edit the job" : "Post a job"}>
      {(sticky) => (
        <>
          {job ? <input type="hidden" name="jobId" value={job.id} /> : null}
          <TextFields sticky={sticky} job={job} />
          <ChoiceFields sticky={sticky} job={job} />
          <SkillPicker
            skills={props.skills}
            chosen={sticky.all("skills", job?.skills.map((s) => s.id) ?? [])}
            problem={sticky.problem}
          />
          <BudgetFields sticky={sticky} job={job} />
          <WorkspaceTermsFields sticky={sticky} terms={job?.workspaceTerms ?? defaultTerms} />
          {job ? <SubmitButton pending="Saving…">Save changes</SubmitButton> : <PostButtons />}
        </>
      )}
    </StickyForm>
  );
}
