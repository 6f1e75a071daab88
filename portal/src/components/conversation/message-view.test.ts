import { describe, expect, it } from "vitest";
import { authorLabel, mergeMessages, seenByOthers, seqToMarkRead } from "./message-view";
import type { Message, ThreadParties } from "./types";

const me = "00000000-0000-4000-8000-000000000001";
const them = "00000000-0000-4000-8000-000000000002";

function message(seq: number, authorId = them, deletedAt: string | null = null): Message {
  return {
    id: `m${seq}`,
    conversationId: "c",
    seq,
    authorId,
    body: deletedAt ? "" : `body ${seq}`,
    createdAt: "2026-12-01T10:00:00Z",
    editedAt: null,
    deletedAt,
  };
}

const parties: ThreadParties = { title: "t", href: undefined, viewerId: me, names: { [them]: "Acme" } };

describe("authorLabel", () => {
  it("says You for the reader, the name for the other side, a plain word when unknown", () => {
    expect(authorLabel(message(1, me), parties)).toBe("You");
    expect(authorLabel(message(2, them), parties)).toBe("Acme");
    expect(authorLabel(message(3, "x"), parties)).toBe("Other participant");
  });
});

describe("mergeMessages", () => {
  it("keeps one copy per seq, the later page winning, oldest first", () => {
    const edited = { ...message(5), body: "edited" };
    const merged = mergeMessages([message(5), message(7)], [message(3), edited]);
    expect(merged.map((m) => m.seq)).toEqual([3, 5, 7]);
    expect(merged[1]?.body).toBe("edited");
  });
});

describe("seqToMarkRead", () => {
  it("is the newest seq when past the marker, nothing otherwise", () => {
    expect(seqToMarkRead([message(3), message(9)], 4)).toBe(9);
    expect(seqToMarkRead([message(3), message(9)], 9)).toBeUndefined();
    expect(seqToMarkRead([], 0)).toBeUndefined();
  });
});

describe("seenByOthers", () => {
  const participants = (seq: number): { userId: string; lastReadSeq: number }[] => [
    { userId: me, lastReadSeq: 0 },
    { userId: them, lastReadSeq: seq },
  ];
  it("is true once the others read the reader's newest message", () => {
    expect(seenByOthers([message(1), message(4, me)], me, participants(4))).toBe(true);
    expect(seenByOthers([message(1), message(4, me)], me, participants(3))).toBe(false);
  });
  it("is false when the newest message is someone else's or the reader wrote nothing", () => {
    expect(seenByOthers([message(4, me), message(5)], me, participants(9))).toBe(false);
    expect(seenByOthers([message(5)], me, participants(9))).toBe(false);
  });
});
