import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { LiveRefresh } from "../../../components/live/live-provider";
import { EmptyState, LinkButton, TabLinks } from "../../../components/ui";
import { formatDateTime } from "../../../lib/dates";
import { api, dataOf } from "../../../server/api";
import { requireViewer } from "../../../server/viewer";
import { MarkAllReadButton, MarkReadButton } from "./notification-actions";
import { placeFor, type NotificationItem } from "./notification-list";
import styles from "./notifications.module.css";

export const metadata: Metadata = { title: "Notifications" };

function Item({ n }: { n: NotificationItem }): ReactElement {
  const place = placeFor(n.kind);
  return (
    <li className={styles.item} data-unread={n.readAt ? undefined : "true"}>
      <div className={styles.text}>
        <h2 className={styles.title}>
          {n.readAt ? null : <span className="visually-hidden">Unread: </span>}
          {n.title}
        </h2>
        {n.body ? <p className={styles.body}>{n.body}</p> : null}
        <div className={styles.meta}>
          <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
          {place ? <Link href={place.href}>{place.text}</Link> : null}
        </div>
      </div>
      {n.readAt ? null : <MarkReadButton id={n.id} />}
    </li>
  );
}

function Pager(props: {
  base: string;
  cursor: string | undefined;
  nextCursor: string | null;
  onlyUnread: boolean;
}): ReactElement {
  const { base, cursor, nextCursor, onlyUnread } = props;
  return (
    <div className="ui-row" style={{ marginTop: 16 }}>
      {cursor ? (
        <LinkButton href={base} variant="secondary">
          Newest
        </LinkButton>
      ) : null}
      {nextCursor ? (
        <LinkButton
          href={`${base}${onlyUnread ? "&" : "?"}cursor=${encodeURIComponent(nextCursor)}`}
          variant="secondary"
        >
          Older notifications
        </LinkButton>
      ) : null}
    </div>
  );
}

export default async function NotificationsPage(props: {
  searchParams: Promise<{ unread?: string; cursor?: string }>;
}): Promise<ReactElement> {
  const { unread, cursor } = await props.searchParams;
  const onlyUnread = unread === "true";
  await requireViewer("/notifications");
  const client = await api();
  const [page, count] = await Promise.all([
    client.GET("/v1/notifications", {
      params: { query: { unread: onlyUnread || undefined, cursor, limit: 20 } },
    }),
    client.GET("/v1/notifications/unread-count"),
  ]);
  const { items, nextCursor } = dataOf(page, "/notifications");
  const unreadCount = count.data?.unread ?? 0;
  const base = onlyUnread ? "/notifications?unread=true" : "/notifications";
  return (
    <>
      <LiveRefresh types={["notification.created"]} />
      <div className="ui-row" style={{ justifyContent: "space-between" }}>
        <h1 style={{ margin: 0 }}>Notifications</h1>
        {unreadCount > 0 ? <MarkAllReadButton /> : null}
      </div>
      <p className="ui-muted">
        {unreadCount === 0 ? "You are all caught up." : `${unreadCount} unread.`}{" "}
        <Link href="/settings/notifications">Choose what you are notified about</Link>
      </p>
      <TabLinks
        label="Which notifications"
        tabs={[
          { href: "/notifications", text: "All", current: !onlyUnread },
          { href: "/notifications?unread=true", text: "Unread", current: onlyUnread },
        ]}
      />
      {items.length === 0 ? (
        <EmptyState title={onlyUnread ? "Nothing unread" : "No notifications yet"}>
          <p>Offers, contract moves, payouts and messages you miss are announced here.</p>
        </EmptyState>
      ) : (
        <ul className={styles.list} aria-label="Notifications">
          {items.map((n) => (
            <Item key={n.id} n={n} />
          ))}
        </ul>
      )}
      <Pager base={base} cursor={cursor} nextCursor={nextCursor} onlyUnread={onlyUnread} />
    </>
  );
}
