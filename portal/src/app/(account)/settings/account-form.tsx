"use client";
import type { ReactElement } from "react";
import { StickyForm } from "../../../components/marketplace/sticky-form";
import { SubmitButton, TextField } from "../../../components/ui";
import { renameAccount } from "./actions";

/** The account's display name: what other people see on proposals, offers, contracts and messages. */
export function AccountForm({ displayName }: { displayName: string }): ReactElement {
  return (
    <StickyForm action={renameAccount} label="Display name">
      {(sticky) => (
        <>
          <TextField
            name="displayName"
            label="Display name"
            hint="What others see on your proposals, offers, contracts and messages."
            defaultValue={sticky.value("displayName", displayName)}
            autoComplete="name"
            maxLength={100}
            required
            problem={sticky.problem}
          />
          <SubmitButton pending="Saving…">Save display name</SubmitButton>
        </>
      )}
    </StickyForm>
  );
}
