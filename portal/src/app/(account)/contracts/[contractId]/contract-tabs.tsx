"use client";
import { usePathname } from "next/navigation";
import type { ReactElement } from "react";
import { TabLinks } from "../../../../components/ui";

const tabs = [
  ["", "Overview"],
  ["activity", "Activity"],
  ["messages", "Messages"],
  ["workspace", "Workspace"],
  ["payments", "Payments"],
  ["dispute", "Dispute"],
] as const;

/** The contract room's tabs; the layout cannot know which one is open, the browser's path does. */
export function ContractTabs({ base }: { base: string }): ReactElement {
  const path = usePathname();
  return (
    <TabLinks
      label="Contract"
      tabs={tabs.map(([tab, text]) => {
        const href = tab ? `${base}/${tab}` : base;
        return { href, text, current: path === href };
      })}
    />
  );
}
