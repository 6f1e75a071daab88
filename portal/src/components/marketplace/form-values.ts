import type { Problem } from "../../api/problem";

/** A submitted form's text values by name, kept so a refused form shows what was typed, not blanks. */
export type FormValues = Record<string, string[]>;

export function valuesOf(form: FormData): FormValues {
  const values: FormValues = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string" || name.startsWith("$ACTION")) continue;
    (values[name] ??= []).push(value);
  }
  return values;
}

/** A field's submitted text, or its starting value when the form has not been sent yet. */
export function valueIn(values: FormValues | undefined, name: string, initial = ""): string {
  return values ? (values[name]?.[0] ?? "") : initial;
}

/** Every submitted value of a multi-value field (checkboxes), or the starting ones. */
export function allValuesIn(values: FormValues | undefined, name: string, initial: string[] = []): string[] {
  return values ? (values[name] ?? []) : initial;
}

/** Fields the portal refuses before asking the API, worded like the API's own refusals. */
export function fieldsProblem(fields: Problem["fields"]): Problem {
  return { status: 400, code: "SKP_VALIDATION_FAILED", message: "Some fields need another look.", fields };
}

export type StickyState = { ok?: string; problem?: Problem; values?: FormValues; round?: number };

/** A refused submit: the problem, and what was typed so the form can show it again. */
export function refused(state: StickyState, form: FormData, problem: Problem): StickyState {
  return { problem, values: valuesOf(form), round: (state.round ?? 0) + 1 };
}
