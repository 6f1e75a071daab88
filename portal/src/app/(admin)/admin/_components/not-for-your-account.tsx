import Link from "next/link";
import type { ReactElement } from "react";

/** What a signed-in person without the role sees: words, not an error. */
export function NotForYourAccount({ adminsOnly = false }: { adminsOnly?: boolean }): ReactElement {
  return (
    <div className="admin-narrow">
      <h1>This page is not for your account</h1>
      <p>
        {adminsOnly
          ? "Only administrators see this page: it is where disputes are resolved and accounts are looked up."
          : "Administration is for SkillPod's administrators and auditors. Your account has neither role."}
      </p>
      <p>
        {adminsOnly ? (
          <Link href="/admin">Back to administration</Link>
        ) : (
          <Link href="/">Go to your start page</Link>
        )}
      </p>
    </div>
  );
}
