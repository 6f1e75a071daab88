"use client";
import type { ReactElement } from "react";
import { Button, KeptForm, TextField } from "../../../components/ui";
import { signIn } from "./actions";

export function SignInForm({ next }: { next: string }): ReactElement {
  return (
    <KeptForm action={signIn} label="Sign in">
      {(problem, pending) => (
        <>
          <input type="hidden" name="next" value={next} />
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
            autoComplete="current-password"
            required
            problem={problem}
          />
          <TextField
            name="totp"
            label="Authenticator code"
            hint="Only if you turned on two-step sign-in: the 6-digit code, or a recovery code."
            inputMode="text"
            autoComplete="one-time-code"
            problem={problem}
          />
          <Button type="submit" disabled={pending} aria-disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </Button>
        </>
      )}
    </KeptForm>
  );
}
