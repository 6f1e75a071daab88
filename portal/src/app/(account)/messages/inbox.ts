import type { paths } from "../../../api/generated/schema";

export type ConversationSummary =
  paths["/v1/conversations"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

/** The inbox line under a conversation's title: who wrote last and the start of what they wrote. */
export function lastLine(
  conversation: ConversationSummary,
  viewerId: string,
  names: Record<string, string>,
): string {
  const last = conversation.lastMessage;
  if (!last) return "No messages yet";
  const who = last.authorId === viewerId ? "You" : (names[last.authorId] ?? "Them");
  if (last.deletedAt) return `${who}: message deleted`;
  const text = last.body.replace(/\s+/g, " ").trim();
  return `${who}: ${text.length > 120 ? `${text.slice(0, 119)}…` : text}`;
}

export function unreadText(count: number): string | undefined {
  if (count <= 0) return undefined;
  return count === 1 ? "1 unread" : `${count > 99 ? "99+" : count} unread`;
}
