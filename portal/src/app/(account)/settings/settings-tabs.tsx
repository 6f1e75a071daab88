import type { ReactElement } from "react";
import { TabLinks } from "../../../components/ui";

const tabs = [
  { href: "/settings", text: "Profile" },
  { href: "/settings/security", text: "Sign-in and security" },
  { href: "/settings/notifications", text: "Notifications" },
];

export function SettingsTabs({ current }: { current: string }): ReactElement {
  return <TabLinks label="Settings" tabs={tabs.map((t) => ({ ...t, current: t.href === current }))} />;
}
