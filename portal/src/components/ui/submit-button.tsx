"use client";
import type { ReactElement, ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { Button, type ButtonVariant } from "./button";

/** A form's submit button: disabled and saying so while the form's action runs. */
export function SubmitButton(props: {
  children: ReactNode;
  pending?: string;
  variant?: ButtonVariant;
}): ReactElement {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={props.variant} disabled={pending} aria-disabled={pending}>
      {pending ? (props.pending ?? "Working…") : props.children}
    </Button>
  );
}
