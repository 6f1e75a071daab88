"use server";
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { problemOf } from "../../../../../api/problem";
import { textOf } from "../../../../../lib/form-fields";
import { fieldsProblem, refused, type StickyState } from "../../../../../components/marketplace/form-values";
import { actionStateOf, api, type ActionState } from "../../../../../server/api";
import { jobFromForm } from "../../job-input";

export async function saveJob(state: StickyState, form: FormData): Promise<StickyState> {
  const jobId = textOf(form, "jobId");
  const { input, fields } = jobFromForm(form);
  if (fields.length > 0) return refused(state, form, fieldsProblem(fields));
  const result = await (await api()).PATCH("/v1/jobs/{jobId}", { params: { path: { jobId } }, body: input });
  if (!result.data) return refused(state, form, problemOf(result.error, result.response.status));
  redirect(`/my-jobs/${jobId}?saved=1`);
}

const moves = {
  open: { path: "/v1/jobs/{jobId}/open", done: "Published: the job is open and searchable." },
  close: { path: "/v1/jobs/{jobId}/close", done: "Closed: no new proposals." },
  reopen: { path: "/v1/jobs/{jobId}/reopen", done: "Reopened: the job takes proposals again." },
  fill: { path: "/v1/jobs/{jobId}/fill", done: "Marked as filled." },
} as const;

/** Publish, close, reopen or fill a job (the form names the move). */
export async function moveJob(_state: ActionState, form: FormData): Promise<ActionState> {
  const jobId = textOf(form, "jobId");
  const move = moves[textOf(form, "move") as keyof typeof moves] as
    (typeof moves)[keyof typeof moves] | undefined;
  if (!move) return { problem: fieldsProblem([{ field: "move", message: "is not a job move" }]) };
  const result = await (await api()).POST(move.path, { params: { path: { jobId } } });
  if (result.response.ok) refresh();
  return actionStateOf(result, move.done);
}
