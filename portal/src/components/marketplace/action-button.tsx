"use client";
import type { ReactElement } from "react";
import { ActionForm, SubmitButton, type ButtonVariant, type FormAction } from "../ui";

/**
 * One button that runs a server action with a few hidden values, saying how it went beside it. `about`
 * names what it acts on for screen readers, so a list's "Open" buttons are told apart.
 */
export function ActionButton(props: {
  action: FormAction;
  fields: Record<string, string>;
  children: string;
  pending?: string;
  variant?: ButtonVariant;
  label?: string;
  about?: string;
}): ReactElement {
  return (
    <ActionForm action={props.action} label={props.label ?? props.children}>
      {() => (
        <>
          {Object.entries(props.fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <SubmitButton variant={props.variant} pending={props.pending}>
            {props.children}
            {props.about ? <span className="visually-hidden"> {props.about}</span> : null}
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
