"use client";
import Link from "next/link";
import { useState, type ReactElement } from "react";
import { useLiveEvents } from "../live/live-provider";

type Counts = { notifications: number; messages: number };

function Count({ n, label }: { n: number; label: string }): ReactElement | null {
  if (n === 0) return null;
  return (
    <span className="ui-count" aria-label={`${n} ${label}`}>
      {n > 99 ? "99+" : n}
    </span>
  );
}

/** Unread messages and notifications in the header, kept current by the live channel. */
export function LiveCounts({ initial }: { initial: Counts }): ReactElement {
  const [counts, setCounts] = useState(initial);
  useLiveEvents(["notification.created", "message.created"], (event) =>
    setCounts((c) =>
      event.type === "notification.created"
        ? { ...c, notifications: c.notifications + 1 }
        : { ...c, messages: c.messages + 1 },
    ),
  );
  return (
    <nav aria-label="Inbox" className="ui-nav" style={{ flex: "none" }}>
      <Link href="/messages">
        Messages
        <Count n={counts.messages} label="unread messages" />
      </Link>
      <Link href="/notifications">
        Notifications
        <Count n={counts.notifications} label="unread notifications" />
      </Link>
    </nav>
  );
}
