"use server";
import { redirect } from "next/navigation";
import { textOf } from "../../../../lib/form-fields";
import { fieldsProblem } from "../../../../components/marketplace/form-values";
import type { Proposal } from "../../../../components/marketplace/types";
import { actionStateOf, api, type ActionState } from "../../../../server/api";

type Done = "shortlisted" | "archived" | "declined";

/**
 * Back to the job's proposals saying what was done to whose (the button pressed is gone once the
 * proposal's state has changed, and its own message with it).
 */
function backToJob(proposal: Proposal, done: Done): never {
  redirect(`/my-jobs/${proposal.job.id}?done=${done}&proposal=${proposal.id}`);
}

export async function shortlistProposal(_state: ActionState, form: FormData): Promise<ActionState> {
  const proposalId = textOf(form, "proposalId");
  const result = await (
    await api()
  ).POST("/v1/proposals/{proposalId}/shortlist", {
    params: { path: { proposalId } },
  });
  if (!result.data) return actionStateOf(result, "");
  backToJob(result.data, "shortlisted");
}

export async function archiveProposal(_state: ActionState, form: FormData): Promise<ActionState> {
  const proposalId = textOf(form, "proposalId");
  const result = await (
    await api()
  ).POST("/v1/proposals/{proposalId}/archive", {
    params: { path: { proposalId } },
  });
  if (!result.data) return actionStateOf(result, "");
  backToJob(result.data, "archived");
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
  if (!result.data) return actionStateOf(result, "");
  backToJob(result.data, "declined");
}
