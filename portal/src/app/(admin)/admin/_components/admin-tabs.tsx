import type { ReactElement } from "react";
import { TabLinks } from "../../../../components/ui";
import { hasRole, type Viewer } from "../../../../server/viewer";

export type AdminSection = "overview" | "audit" | "disputes" | "users" | "classes";

const sections: { key: AdminSection; href: string; text: string; adminOnly: boolean }[] = [
  { key: "overview", href: "/admin", text: "Overview", adminOnly: false },
  { key: "audit", href: "/admin/audit", text: "Audit trail", adminOnly: false },
  { key: "disputes", href: "/admin/disputes", text: "Disputes", adminOnly: true },
  { key: "users", href: "/admin/users", text: "Accounts", adminOnly: true },
  { key: "classes", href: "/admin/classes", text: "Desktop classes", adminOnly: false },
];

/** The sections this viewer may open; an auditor does not see the admins' own. */
export function adminSectionsFor(viewer: Viewer): typeof sections {
  const admin = hasRole(viewer, "admin");
  return sections.filter((s) => admin || !s.adminOnly);
}

export function AdminTabs({ viewer, current }: { viewer: Viewer; current: AdminSection }): ReactElement {
  return (
    <TabLinks
      label="Administration"
      tabs={adminSectionsFor(viewer).map((s) => ({ href: s.href, text: s.text, current: s.key === current }))}
    />
  );
}
