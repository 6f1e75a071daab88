"use server";
import { redirect } from "next/navigation";
import { problemOf } from "../../../../api/problem";
import { textOf } from "../../../../lib/form-fields";
import { fieldsProblem, refused, type StickyState } from "../../../../components/marketplace/form-values";
import { api } from "../../../../server/api";
import { jobFromForm } from "../job-input";

/** Post a job: open (searchable now) or a draft, as the button pressed said. */
export async function postJob(state: StickyState, form: FormData): Promise<StickyState> {
  const { input, fields } = jobFromForm(form);
  if (fields.length > 0) return refused(state, form, fieldsProblem(fields));
  const open = textOf(form, "intent") !== "DRAFT";
  const result = await (await api()).POST("/v1/jobs", { body: { ...input, state: open ? "OPEN" : "DRAFT" } });
  if (!result.data) return refused(state, form, problemOf(result.error, result.response.status));
  redirect(`/my-jobs/${result.data.id}?${open ? "posted" : "drafted"}=1`);
}
