"use server";
import { redirect } from "next/navigation";
import { problemOf } from "../../../../../../api/problem";
import { textOf } from "../../../../../../lib/form-fields";
import {
  fieldsProblem,
  refused,
  type StickyState,
} from "../../../../../../components/marketplace/form-values";
import { api } from "../../../../../../server/api";
import { offerFromForm } from "./offer-input";

export async function makeOffer(state: StickyState, form: FormData): Promise<StickyState> {
  const proposalId = textOf(form, "proposalId");
  const { input, fields } = offerFromForm(form);
  if (fields.length > 0) return refused(state, form, fieldsProblem(fields));
  const result = await (
    await api()
  ).POST("/v1/proposals/{proposalId}/offers", {
    params: { path: { proposalId } },
    body: input,
  });
  if (!result.data) return refused(state, form, problemOf(result.error, result.response.status));
  redirect(`/offers/${result.data.id}?sent=1`);
}
