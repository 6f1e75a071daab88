import type { ReactElement } from "react";
import { api, dataOf } from "../../server/api";
import { requireViewer } from "../../server/viewer";
import { LiveRefresh } from "../live/live-provider";
import { Notice } from "../ui";
import { Composer } from "./composer";
import { threadPartiesOf } from "./conversation-parties";
import { MessageList } from "./message-list";
import styles from "./conversation.module.css";

const liveTypes = ["message.created", "message.updated", "conversation.read"];

/**
 * One conversation: its newest messages (older ones on request), a box to write in, read markers moved as
 * the reader sees messages, and live updates from the other side.
 */
export async function ConversationThread({
  conversationId,
}: {
  conversationId: string;
}): Promise<ReactElement> {
  const here = `/messages/${conversationId}`;
  const viewer = await requireViewer(here);
  const client = await api();
  const path = { params: { path: { conversationId } } };
  const [conversationResult, messagesResult] = await Promise.all([
    client.GET("/v1/conversations/{conversationId}", path),
    client.GET("/v1/conversations/{conversationId}/messages", {
      params: { path: { conversationId }, query: { limit: 50 } },
    }),
  ]);
  const conversation = dataOf(conversationResult, here);
  const page = dataOf(messagesResult, here);
  const parties = await threadPartiesOf(client, conversation, viewer.id);
  const me = conversation.participants.find((p) => p.userId === viewer.id);
  return (
    <section className={styles.thread} aria-label={`Conversation: ${parties.title}`}>
      <LiveRefresh types={liveTypes} when={{ conversationId }} />
      <MessageList
        key={conversationId}
        conversationId={conversationId}
        initial={page}
        parties={parties}
        participants={conversation.participants}
        lastReadSeq={me?.lastReadSeq ?? Number.MAX_SAFE_INTEGER}
      />
      {me ? (
        <Composer conversationId={conversationId} />
      ) : (
        <Notice>You can read this conversation but not write in it: you are not one of its parties.</Notice>
      )}
    </section>
  );
}
