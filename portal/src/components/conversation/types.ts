import type { paths } from "../../api/generated/schema";

type MessagesGet = paths["/v1/conversations/{conversationId}/messages"]["get"];
type ConversationGet = paths["/v1/conversations/{conversationId}"]["get"];

export type Message = MessagesGet["responses"][200]["content"]["application/json"]["items"][number];
export type MessagePage = { items: Message[]; hasMore: boolean };
export type Conversation = ConversationGet["responses"][200]["content"]["application/json"];

/** What a thread needs to label its messages: whose they are, in names people know. */
export type ThreadParties = {
  title: string;
  href: string | undefined;
  viewerId: string;
  names: Record<string, string>;
};
