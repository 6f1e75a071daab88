"use server";
import { refresh } from "next/cache";
import { textOf } from "../../../lib/form-fields";
import { actionStateOf, api, type ActionState } from "../../../server/api";

/** Accept: the API starts the contract (idempotent: a retry names the same contract). */
export async function acceptOffer(_state: ActionState, form: FormData): Promise<ActionState> {
  const offerId = textOf(form, "offerId");
  const result = await (await api()).POST("/v1/offers/{offerId}/accept", { params: { path: { offerId } } });
  if (result.response.ok) refresh();
  return actionStateOf(result, "Offer accepted: your contract has started.");
}

export async function declineOffer(_state: ActionState, form: FormData): Promise<ActionState> {
  const offerId = textOf(form, "offerId");
  const reason = textOf(form, "reason").trim();
  const result = await (
    await api()
  ).POST("/v1/offers/{offerId}/decline", {
    params: { path: { offerId } },
    body: reason ? { reason } : {},
  });
  if (result.response.ok) refresh();
  return actionStateOf(result, "Offer declined. The client has been told.");
}

export async function withdrawOffer(_state: ActionState, form: FormData): Promise<ActionState> {
  const offerId = textOf(form, "offerId");
  const result = await (await api()).POST("/v1/offers/{offerId}/withdraw", { params: { path: { offerId } } });
  if (result.response.ok) refresh();
  return actionStateOf(result, "Offer withdrawn.");
}
