"use client";
import type { ReactElement } from "react";
import { ActionForm, SelectField, SubmitButton, TextField } from "../../../components/ui";
import { signUp } from "../sign-in/actions";

export function SignUpForm(): ReactElement {
  return (
    <ActionForm action={signUp} label="Create an account">
      {(problem) => (
        <>
          <input type="hidden" name="next" value="/" />
          <TextField name="displayName" label="Name" autoComplete="name" required problem={problem} />
          <TextField
            name="email"
            label="Email"
            type="email"
            autoComplete="email"
            required
            problem={problem}
          />
          <TextField
            name="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters."
            required
            problem={problem}
          />
          <SelectField
            name="accountType"
            label="I want to"
            problem={problem}
            options={[
              ["FREELANCER", "Find work (freelancer)"],
              ["CLIENT", "Hire (client)"],
            ]}
          />
          <SubmitButton pending="Creating your account…">Create account</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
