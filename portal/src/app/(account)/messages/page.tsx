import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { threadPartiesOf } from "../../../components/conversation/conversation-parties";
import { LiveRefresh } from "../../../components/live/live-provider";
import { Badge, EmptyState, LinkButton } from "../../../components/ui";
import { formatDateTime } from "../../../lib/dates";
import { api, dataOf } from "../../../server/api";
import { requireViewer } from "../../../server/viewer";
import { lastLine, unreadText, type ConversationSummary } from "./inbox";
import styles from "./inbox.module.css";

export const metadata: Metadata = { title: "Messages" };

async function InboxItem(props: {
  conversation: ConversationSummary;
  viewerId: string;
}): Promise<ReactElement> {
  const { conversation, viewerId } = props;
  const parties = await threadPartiesOf(await api(), conversation, viewerId);
  const unread = unreadText(conversation.unreadCount);
  return (
    <li className={styles.item} data-unread={unread ? "true" : undefined}>
      <div className={styles.top}>
        <Link href={`/messages/${conversation.id}`} className={styles.title}>
          {parties.title}
        </Link>
        {unread ? <Badge tone="accent">{unread}</Badge> : null}
      </div>
      <p className={styles.last}>{lastLine(conversation, viewerId, parties.names)}</p>
      <time className={styles.when} dateTime={conversation.activityAt}>
        {formatDateTime(conversation.activityAt)}
      </time>
    </li>
  );
}

export default async function MessagesPage(props: {
  searchParams: Promise<{ cursor?: string }>;
}): Promise<ReactElement> {
  const { cursor } = await props.searchParams;
  const viewer = await requireViewer("/messages");
  const page = dataOf(
    await (await api()).GET("/v1/conversations", { params: { query: { cursor, limit: 20 } } }),
    "/messages",
  );
  return (
    <>
      <LiveRefresh types={["message.created", "message.updated", "conversation.read"]} />
      <h1>Messages</h1>
      {page.items.length === 0 ? (
        <EmptyState title="No conversations yet">
          <p>
            A conversation starts with a proposal or a contract.{" "}
            <Link href="/contracts">See your contracts</Link>.
          </p>
        </EmptyState>
      ) : (
        <ul className={styles.list} aria-label="Conversations">
          {page.items.map((c) => (
            <InboxItem key={c.id} conversation={c} viewerId={viewer.id} />
          ))}
        </ul>
      )}
      <div className="ui-row" style={{ marginTop: 16 }}>
        {cursor ? (
          <LinkButton href="/messages" variant="secondary">
            Newest conversations
          </LinkButton>
        ) : null}
        {page.nextCursor ? (
          <LinkButton href={`/messages?cursor=${encodeURIComponent(page.nextCursor)}`} variant="secondary">
            Older conversations
          </LinkButton>
        ) : null}
      </div>
    </>
  );
}
