"use server";
import { refresh } from "next/cache";
import type { FormState } from "../../../../components/ui";
import { textOf } from "../../../../lib/form-fields";
import { actionStateOf, api } from "../../../../server/api";
import { preferencesFromForm } from "./preference-kinds";

/** Saves both channels of every kind the form listed. */
export async function savePreferences(_state: FormState, form: FormData): Promise<FormState> {
  const kinds = textOf(form, "kinds").split(",").filter(Boolean);
  const result = await (
    await api()
  ).PUT("/v1/notifications/preferences", {
    body: { preferences: preferencesFromForm(form, kinds) },
  });
  const state = actionStateOf(result, "Saved. New notifications follow these choices.");
  if (state.ok) refresh();
  return state;
}
