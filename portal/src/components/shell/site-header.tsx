import Link from "next/link";
import type { ReactElement } from "react";
import { api } from "../../server/api";
import { hasRole, type Viewer } from "../../server/viewer";
import { signOut } from "../../app/(public)/sign-in/actions";
import { ThemeToggle } from "./theme-toggle";
import { LiveCounts } from "./live-counts";

type NavItem = { href: string; text: string };

/** One menu per role: a person with two roles sees both sets once. */
export function navFor(viewer: Viewer | undefined): NavItem[] {
  if (!viewer)
    return [
      { href: "/jobs", text: "Find work" },
      { href: "/freelancers", text: "Find talent" },
    ];
  const items: NavItem[] = [{ href: "/jobs", text: "Jobs" }];
  if (hasRole(viewer, "freelancer"))
    items.push({ href: "/for-you", text: "For you" }, { href: "/proposals", text: "Proposals" });
  if (hasRole(viewer, "client"))
    items.push({ href: "/my-jobs", text: "My jobs" }, { href: "/freelancers", text: "Talent" });
  items.push(
    { href: "/contracts", text: "Contracts" },
    { href: "/workspaces", text: "Workspaces" },
    { href: "/wallet", text: "Wallet" },
  );
  if (hasRole(viewer, "admin") || hasRole(viewer, "auditor")) items.push({ href: "/admin", text: "Admin" });
  return items;
}

async function unreadCounts(): Promise<{ notifications: number; messages: number }> {
  const client = await api();
  const [notifications, conversations] = await Promise.all([
    client.GET("/v1/notifications/unread-count"),
    client.GET("/v1/conversations", { params: { query: { limit: 50 } } }),
  ]);
  const messages = (conversations.data?.items ?? []).reduce((sum, c) => sum + (c.unreadCount ?? 0), 0);
  return { notifications: notifications.data?.unread ?? 0, messages };
}

export async function SiteHeader({ viewer }: { viewer: Viewer | undefined }): Promise<ReactElement> {
  const counts = viewer ? await unreadCounts() : undefined;
  return (
    <header className="ui-header">
      <div className="ui-header-inner">
        <Link href="/" className="ui-brand">
          SkillPod
        </Link>
        <nav aria-label="Main" className="ui-nav">
          {navFor(viewer).map((item) => (
            <Link key={item.href} href={item.href}>
              {item.text}
            </Link>
          ))}
        </nav>
        {viewer && counts ? <LiveCounts initial={counts} viewerId={viewer.id} /> : null}
        <ThemeToggle />
        {viewer ? (
          <form action={signOut}>
            <Link href="/settings" className="ui-button" data-variant="ghost">
              {viewer.displayName}
            </Link>
            <button type="submit" className="ui-button" data-variant="secondary">
              Sign out
            </button>
          </form>
        ) : (
          <div className="ui-row">
            <Link href="/sign-in" className="ui-button" data-variant="secondary">
              Sign in
            </Link>
            <Link href="/sign-up" className="ui-button">
              Sign up
            </Link>
          </div>
        )}
      </div>
    </header>
  );
}
