"use server";
import { redirect } from "next/navigation";
import { problemOf } from "../../../../../api/problem";
import { textOf } from "../../../../../lib/form-fields";
import { fieldsProblem, refused, type StickyState } from "../../../../../components/marketplace/form-values";
import { api } from "../../../../../server/api";
import { proposalFromForm } from "./proposal-input";

export async function sendProposal(state: StickyState, form: FormData): Promise<StickyState> {
  const jobId = textOf(form, "jobId");
  const { input, fields } = proposalFromForm(form);
  if (fields.length > 0) return refused(state, form, fieldsProblem(fields));
  const result = await (
    await api()
  ).POST("/v1/jobs/{jobId}/proposals", { params: { path: { jobId } }, body: input });
  if (!result.data) return refused(state, form, problemOf(result.error, result.response.status));
  redirect(`/proposals/${result.data.id}?sent=1`);
}
