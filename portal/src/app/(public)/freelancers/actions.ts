"use server";
import { textOf } from "../../../lib/form-fields";
import { actionStateOf, api, type ActionState } from "../../../server/api";
import { searchParamsOf } from "../../../components/marketplace/search-params";
import { freelancerFiltersOf, savedFreelancerQueryOf } from "./freelancer-filters";

/** Save the freelancer search the page shows (its filters travel as the page's query string). */
export async function saveFreelancerSearch(_state: ActionState, form: FormData): Promise<ActionState> {
  const filters = freelancerFiltersOf(searchParamsOf(new URLSearchParams(textOf(form, "search"))));
  const name = textOf(form, "name").trim();
  const result = await (
    await api()
  ).POST("/v1/saved-searches", {
    body: { name, kind: "FREELANCERS", query: savedFreelancerQueryOf(filters) },
  });
  return actionStateOf(result, `Saved as “${name}”. Find it under Saved searches.`);
}
