import type { Message, ThreadParties } from "./types";

/** The author as the reader sees them: "You", their name, or a plain word when the name is unknown. */
export function authorLabel(message: Message, parties: ThreadParties): string {
  if (message.authorId === parties.viewerId) return "You";
  return parties.names[message.authorId] ?? "Other participant";
}

export function isDeleted(message: Message): boolean {
  return message.deletedAt !== null;
}

/** Messages merged by seq (a live refresh and an older page may overlap), oldest first. */
export function mergeMessages(...pages: Message[][]): Message[] {
  const bySeq = new Map<number, Message>();
  for (const page of pages) for (const m of page) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The seq to mark read: the newest message, only when it is past the reader's marker (markers only move forward). */
export function seqToMarkRead(messages: Message[], lastReadSeq: number): number | undefined {
  const newest = messages.at(-1)?.seq;
  return newest !== undefined && newest > lastReadSeq ? newest : undefined;
}

/**
 * "Seen" under the reader's own newest message, when every other participant has read up to it.
 * Participants' markers come from the conversation; the reader's own marker does not count.
 */
export function seenByOthers(
  messages: Message[],
  viewerId: string,
  participants: { userId: string; lastReadSeq: number }[],
): boolean {
  const mine = messages.filter((m) => m.authorId === viewerId && !isDeleted(m)).at(-1);
  const others = participants.filter((p) => p.userId !== viewerId);
  if (!mine || others.length === 0) return false;
  if (messages.at(-1)?.seq !== mine.seq) return false;
  return others.every((p) => p.lastReadSeq >= mine.seq);
}
