import Link from "next/link";
import type { ReactElement } from "react";

/** Tabs as links: each tab is its own URL, so a tab can be shared, reloaded and opened without script. */
export function TabLinks(props: {
  label: string;
  tabs: { href: string; text: string; current: boolean }[];
}): ReactElement {
  return (
    <nav className="ui-tabs" aria-label={props.label}>
      {props.tabs.map((t) => (
        <Link key={t.href} href={t.href} aria-current={t.current ? "page" : undefined}>
          {t.text}
        </Link>
      ))}
    </nav>
  );
}
