import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { AdminTabs, adminSectionsFor } from "./_components/admin-tabs";
import { NotForYourAccount } from "./_components/not-for-your-account";
import { staffViewer } from "./_components/staff";

export const metadata: Metadata = { title: "Administration" };

const about: Record<string, string> = {
  "/admin/audit":
    "Every change anyone made, who made it and how it ended: filter it, verify its hash chain, export it.",
  "/admin/disputes": "Contracts with a milestone in dispute now: read both sides and resolve them.",
  "/admin/users": "Every account by role or email: its roles, two-step sign-in and whether it is locked.",
  "/admin/classes": "The kinds of desktop a workspace can be: image, resources, home size, idle timeout.",
};

export default async function AdminPage(): Promise<ReactElement> {
  const viewer = await staffViewer("/admin", "staff");
  if (!viewer) return <NotForYourAccount />;
  const sections = adminSectionsFor(viewer).filter((s) => s.key !== "overview");
  return (
    <>
      <h1>Administration</h1>
      <AdminTabs viewer={viewer} current="overview" />
      <ul className="ui-grid admin-cards">
        {sections.map((s) => (
          <li key={s.href} className="ui-card">
            <h2>
              <Link href={s.href}>{s.text}</Link>
            </h2>
            <p>{about[s.href]}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
