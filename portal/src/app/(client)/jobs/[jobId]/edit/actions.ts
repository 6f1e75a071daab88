"use server";
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

const movePaths = {
  open: "/v1/jobs/{jobId}/open",
  close: "/v1/jobs/{jobId}/close",
  reopen: "/v1/jobs/{jobId}/reopen",
  fill: "/v1/jobs/{jobId}/fill",
} as const;

/**
 * Publish, close, reopen or fill a job (the form names the move), then show the page it was done from
 * saying so: the button that was pressed is gone once the job's state has changed.
 */
export async function moveJob(_state: ActionState, form: FormData): Promise<ActionState> {
  const jobId = textOf(form, "jobId");
  const move = textOf(form, "move") as keyof typeof movePaths;
  const path = movePaths[move] as (typeof movePaths)[typeof move] | undefined;
  if (!path) return { problem: fieldsProblem([{ field: "move", message: "is not a job move" }]) };
  const result = await (await api()).POST(path, { params: { path: { jobId } } });
  if (!result.response.ok) return actionStateOf(result, "");
  const back = textOf(form, "back") === "edit" ? `/jobs/${jobId}/edit` : `/my-jobs/${jobId}`;
  redirect(`${back}?moved=${move}`);
}
