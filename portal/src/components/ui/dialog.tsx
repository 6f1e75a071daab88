"use client";
import { Dialog as RadixDialog } from "radix-ui";
import type { ReactElement, ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";

/** A modal dialog opened by a button (Radix: focus trapped, Escape closes, focus returns to the trigger). */
export function Dialog(props: {
  trigger: string;
  title: string;
  description?: string;
  variant?: ButtonVariant;
  children: ReactNode;
}): ReactElement {
  return (
    <RadixDialog.Root>
      <RadixDialog.Trigger asChild>
        <Button variant={props.variant ?? "secondary"}>{props.trigger}</Button>
      </RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="ui-dialog-overlay" />
        <RadixDialog.Content
          className="ui-dialog"
          {...(props.description ? {} : { "aria-describedby": undefined })}
        >
          <RadixDialog.Title>{props.title}</RadixDialog.Title>
          {props.description ? <RadixDialog.Description>{props.description}</RadixDialog.Description> : null}
          {props.children}
          <div className="ui-row" style={{ marginTop: 12 }}>
            <RadixDialog.Close asChild>
              <Button variant="ghost">Close</Button>
            </RadixDialog.Close>
          </div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
