"use client";
import { startTransition, useActionState, type FormEvent, type ReactElement, type ReactNode } from "react";
import type { Problem } from "../../api/problem";
import type { FormAction } from "./action-form";
import { ProblemNotice } from "./feedback";

/**
 * A form bound to a server action that keeps what was typed when the action refuses it. React resets a form
 * after its action runs; dispatching the action from onSubmit instead leaves the fields as they are, so a
 * sign-in that asks for the authenticator code does not make the person type the password again (and the
 * password is never sent back to the page to refill it). Without script the form still posts to the action.
 */
export function KeptForm(props: {
  action: FormAction;
  label: string;
  children: (problem: Problem | undefined, pending: boolean) => ReactNode;
}): ReactElement {
  const [state, formAction, pending] = useActionState(props.action, {});
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  };
  return (
    <form action={formAction} onSubmit={submit} aria-label={props.label} noValidate>
      {state.problem ? <ProblemNotice problem={state.problem} /> : null}
      {props.children(state.problem, pending)}
    </form>
  );
}
