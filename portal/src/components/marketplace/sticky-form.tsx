"use client";
import { useActionState, type ReactElement, type ReactNode } from "react";
import type { Problem } from "../../api/problem";
import { Notice, ProblemNotice } from "../ui";
import { problemInWords } from "./field-names";
import { allValuesIn, valueIn, type FormValues, type StickyState } from "./form-values";

export type { StickyState };
export type StickyAction = (state: StickyState, form: FormData) => Promise<StickyState>;

export type Sticky = {
  problem: Problem | undefined;
  /** What was sent, after a refusal (undefined before the first submit). */
  values: FormValues | undefined;
  /** The field's text after a refused submit, else `initial`. */
  value: (name: string, initial?: string) => string;
  all: (name: string, initial?: string[]) => string[];
};

/**
 * A form bound to a server action that keeps what was typed when the action refuses it: React resets a
 * form after its action, so the fields are remounted (`round`) with the submitted values as their defaults.
 */
export function StickyForm(props: {
  action: StickyAction;
  label: string;
  children: (sticky: Sticky) => ReactNode;
}): ReactElement {
  const [state, formAction] = useActionState(props.action, {});
  const sticky: Sticky = {
    problem: state.problem,
    values: state.values,
    value: (name, initial) => valueIn(state.values, name, initial),
    all: (name, initial) => allValuesIn(state.values, name, initial),
  };
  return (
    <form action={formAction} aria-label={props.label} noValidate>
      {state.problem ? <ProblemNotice problem={problemInWords(state.problem)} /> : null}
      {state.ok ? (
        <Notice tone="ok" live>
          {state.ok}
        </Notice>
      ) : null}
      <div key={state.round ?? 0}>{props.children(sticky)}</div>
    </form>
  );
}
