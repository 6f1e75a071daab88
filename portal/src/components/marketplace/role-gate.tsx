import Link from "next/link";
import type { ReactElement } from "react";
import { hasRole, requireViewer, type Role, type Viewer } from "../../server/viewer";

/** The signed-in viewer when they have `role` (others are sent to sign in), else undefined. */
export async function viewerWithRole(path: string, role: Role): Promise<Viewer | undefined> {
  const viewer = await requireViewer(path);
  return hasRole(viewer, role) ? viewer : undefined;
}

const whatFor: Partial<Record<Role, string>> = {
  freelancer: "freelancers: it is where they find work, send proposals and answer offers",
  client: "clients: it is where they post jobs, review proposals and make offers",
};

/** What a signed-in person sees on a page meant for another kind of account: words, not an error. */
export function NotForYourAccount({ role }: { role: Role }): ReactElement {
  return (
    <div style={{ maxWidth: 640 }}>
      <h1>This page is not for your account</h1>
      <p>This page is for {whatFor[role] ?? role}. Your account does not have that role.</p>
      <p>
        <Link href="/">Go to your start page</Link> or <Link href="/jobs">browse jobs</Link>.
      </p>
    </div>
  );
}
