"use client";
import Link from "next/link";
import { useEffect, useState, type ReactElement } from "react";
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
export function LiveCounts({ initial, viewerId }: { initial: Counts; viewerId: string }): ReactElement {
  const [counts, setCounts] = useState(initial);
  // A page refresh (after reading, or a live refresh) brings the server's counts: they replace ours.
  const { notifications, messages } = initial;
  useEffect(() => setCounts({ notifications, messages }), [notifications, messages]);
  useLiveEvents(["notification.created", "message.created"], (event) => {
    const author = (event.data.message as { authorId?: string } | undefined)?.authorId;
    if (event.type === "message.created" && author === viewerId) return;
    setCounts((c) =>
      event.type === "notification.created"
        ? { ...c, notifications: c.notifications + 1 }
        : { ...c, messages: c.messages + 1 },
    );
  });
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
