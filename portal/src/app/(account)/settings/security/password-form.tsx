"use client";
import type { ReactElement } from "react";
import { ActionForm, SubmitButton, TextField } from "../../../../components/ui";
import { changePassword } from "./actions";

/** The password fields are never kept after a submit: a refused form comes back empty. */
export function PasswordForm({ email }: { email: string }): ReactElement {
  return (
    <ActionForm action={changePassword} label="Change password">
      {(problem) => (
        <>
          {/* For password managers: which account the new password belongs to. */}
          <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
          <TextField
            name="currentPassword"
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            problem={problem}
          />
          <TextField
            name="newPassword"
            label="New password"
            hint="At least 12 characters. A few unrelated words are easy to remember and hard to guess."
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
            problem={problem}
          />
          <TextField
            name="confirmPassword"
            label="Repeat the new password"
            type="password"
            autoComplete="new-password"
            required
            problem={problem}
          />
          <SubmitButton pending="Changing…">Change password</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
