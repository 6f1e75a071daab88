"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type ReactElement } from "react";

/**
 * A signed-in group's page without a sign-in. A layout does not know its page's path, so the browser sends
 * itself to sign in with `next` set to where it is; without script the links do it by hand.
 */
export function SignInNeeded(): ReactElement {
  const router = useRouter();
  const [next, setNext] = useState("/");
  useEffect(() => {
    const here = window.location.pathname + window.location.search;
    setNext(here);
    router.replace(`/sign-in?next=${encodeURIComponent(here)}`);
  }, [router]);
  return (
    <div style={{ maxWidth: 640 }}>
      <h1>Sign in to continue</h1>
      <p>
        This page needs an account. <Link href={`/sign-in?next=${encodeURIComponent(next)}`}>Sign in</Link> or{" "}
        <Link href="/sign-up">create an account</Link>.
      </p>
    </div>
  );
}
