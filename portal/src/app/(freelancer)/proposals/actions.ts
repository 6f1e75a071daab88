"use server";
import { redirect } from "next/navigation";
import { textOf } from "../../../lib/form-fields";
import { actionStateOf, api, type ActionState } from "../../../server/api";

export async function withdrawProposal(_state: ActionState, form: FormData): Promise<ActionState> {
  const proposalId = textOf(form, "proposalId");
  const result = await (
    await api()
  ).POST("/v1/proposals/{proposalId}/withdraw", {
    params: { path: { proposalId } },
  });
  if (!result.response.ok) return actionStateOf(result, "");
  redirect(`/proposals/${proposalId}?withdrawn=1`);
}

/** The proposal's conversation with the client (the API makes it on first read), opened in Messages. */
export async function messageAboutProposal(_state: ActionState, form: FormData): Promise<ActionState> {
  const proposalId = textOf(form, "proposalId");
  const result = await (
    await api()
  ).GET("/v1/proposals/{proposalId}/conversation", {
    params: { path: { proposalId } },
  });
  if (!result.data) return actionStateOf(result, "");
  redirect(`/messages/${result.data.id}`);
}
