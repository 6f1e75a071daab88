import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default function SignUpPage(): ReactElement {
  return (
    <div style={{ maxWidth: 420 }}>
      <h1>Create an account</h1>
      <SignUpForm />
      <p>
        Already have one? <Link href="/sign-in">Sign in</Link>
      </p>
    </div>
  );
}
