"use client";
import type { ReactElement } from "react";
import { Button, KeptForm, SelectField, TextField } from "../../../components/ui";
import { signUp } from "../sign-in/actions";

export function SignUpForm(): ReactElement {
  return (
    <KeptForm action={signUp} label="Create an account">
      {(problem, pending) => (
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
          <Button type="submit" disabled={pending} aria-disabled={pending}>
            {pending ? "Creating your account…" : "Create account"}
          </Button>
        </>
      )}
    </KeptForm>
  );
}
