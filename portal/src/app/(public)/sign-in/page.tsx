import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage(props: {
  searchParams: Promise<{ next?: string }>;
}): Promise<ReactElement> {
  const { next } = await props.searchParams;
  return (
    <div style={{ maxWidth: 420 }}>
      <h1>Sign in</h1>
      <SignInForm next={next ?? "/"} />
      <p>
        New here? <Link href="/sign-up">Create an account</Link>
      </p>
    </div>
  );
}
