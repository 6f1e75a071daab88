import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { ConversationThread } from "../../../../components/conversation/conversation-thread";
import { threadPartiesOf } from "../../../../components/conversation/conversation-parties";
import { api, dataOf } from "../../../../server/api";
import { requireViewer } from "../../../../server/viewer";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConversationPage(props: {
  params: Promise<{ conversationId: string }>;
}): Promise<ReactElement> {
  const { conversationId } = await props.params;
  const here = `/messages/${conversationId}`;
  const viewer = await requireViewer(here);
  const client = await api();
  const conversation = dataOf(
    await client.GET("/v1/conversations/{conversationId}", { params: { path: { conversationId } } }),
    here,
  );
  const parties = await threadPartiesOf(client, conversation, viewer.id);
  return (
    <>
      <p>
        <Link href="/messages">← All messages</Link>
      </p>
      <h1>{parties.title}</h1>
      {parties.href ? (
        <p>
          <Link href={parties.href}>
            {"contractId" in conversation.subject ? "Open the contract" : "Open the proposal"}
          </Link>
        </p>
      ) : null}
      <ConversationThread conversationId={conversationId} />
    </>
  );
}
