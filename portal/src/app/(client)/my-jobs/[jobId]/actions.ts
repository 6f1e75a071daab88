"use server";
import { refresh } from "next/cache";
import { textOf } from "../../../../lib/form-fields";
import { fieldsProblem } from "../../../../components/marketplace/form-values";
import { actionStateOf, api, type ActionState } from "../../../../server/api";

export async function shortlistProposal(_state: ActionState, form: FormData): Promise<ActionState> {
  const proposalId = textOf(form, "proposalId");
  const result = await (
    await api()
  ).POST("/v1/proposals/{proposalId}/shortlist", {
    params: { path: { proposalId } },
  });
  if (result.response.ok) refresh();
  return actionStateOf(result, "Shortlisted.");
}

export async function archiveProposal(_state: ActionState, form: FormData): Promise<ActionState> {
  const proposalId = textOf(form, "proposalId");
  const result = await (
    await api()
  ).POST("/v1/proposals/{proposalId}/archive", {
    params: { path: { proposalId } },
  });
  if (result.response.ok) refresh();
  return actionStateOf(result, "Archived.");
}

/** Decline with a reason the freelancer reads. */
export async function declineProposal(_state: ActionState, form: FormData): Promise<ActionState> {
  const proposalId = textOf(form, "proposalId");
  const reason = textOf(form, "reason").trim();
  if (!reason)
    return { problem: fieldsProblem([{ field: "reason", message: "is required: the freelancer reads it" }]) };
  const result = await (
    await api()
  ).POST("/v1/proposals/{proposalId}/decline", {
    params: { path: { proposalId } },
    body: { reason },
  });
  if (result.response.ok) refresh();
  return actionStateOf(result, "Declined. The freelancer has been told why.");
}
