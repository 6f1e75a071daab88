"use server";
import { redirect } from "next/navigation";
import { textOf } from "../../../lib/form-fields";
import { actionStateOf, api, type ActionState } from "../../../server/api";
import { savedSearchHref } from "./saved-search-links";

/** Open a saved search: mark its results seen (its "new" count starts again), then show the search. */
export async function openSavedSearch(_state: ActionState, form: FormData): Promise<ActionState> {
  const savedSearchId = textOf(form, "savedSearchId");
  const result = await (
    await api()
  ).POST("/v1/saved-searches/{savedSearchId}/seen", {
    params: { path: { savedSearchId } },
  });
  if (!result.data) return actionStateOf(result, "");
  redirect(savedSearchHref(result.data));
}

export async function deleteSavedSearch(_state: ActionState, form: FormData): Promise<ActionState> {
  const savedSearchId = textOf(form, "savedSearchId");
  const result = await (
    await api()
  ).DELETE("/v1/saved-searches/{savedSearchId}", {
    params: { path: { savedSearchId } },
  });
  if (!result.response.ok) return actionStateOf(result, "");
  redirect("/saved-searches?deleted=1");
}
