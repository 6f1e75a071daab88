"use client";
import { useActionState, type ReactElement, type ReactNode } from "react";
import type { Problem } from "../../api/problem";
import { Notice, ProblemNotice } from "./feedback";

export type FormState = { ok?: string; problem?: Problem };
export type FormAction = (state: FormState, form: FormData) => Promise<FormState>;

/**
 * A form bound to a server action. Its fields are rendered by `children(problem)`, so each can show the
 * message the API gave for it; the problem in words and any confirmation show above them.
 */
export function ActionForm(props: {
  action: FormAction;
  children: (problem: Problem | undefined) => ReactNode;
  label?: string;
}): ReactElement {
  const [state, formAction] = useActionState(props.action, {});
  return (
    <form action={formAction} aria-label={props.label} noValidate>
      {state.problem ? <ProblemNotice problem={state.problem} /> : null}
      {state.ok ? (
        <Notice tone="ok" live>
          {state.ok}
        </Notice>
      ) : null}
      {props.children(state.problem)}
    </form>
  );
}
