import { describe, expect, it } from "vitest";
import { lastLine, unreadText, type ConversationSummary } from "./inbox";

const me = "me";
function summary(last: Partial<NonNullable<ConversationSummary["lastMessage"]>> | null): ConversationSummary {
  return {
    id: "c",
    subject: { contractId: "k" },
    participants: [],
    unreadCount: 0,
    createdAt: "2026-12-01T00:00:00Z",
    activityAt: "2026-12-01T00:00:00Z",
    lastMessage: last && {
      id: "m",
      conversationId: "c",
      seq: 1,
      authorId: "them",
      body: "hi",
      createdAt: "2026-12-01T00:00:00Z",
      editedAt: null,
      deletedAt: null,
      ...last,
    },
  };
}

describe("lastLine", () => {
  it("names who wrote last and squeezes the text to one short line", () => {
    expect(lastLine(summary({ authorId: me, body: "a\n\nb" }), me, {})).toBe("You: a b");
    expect(lastLine(summary({ body: "x".repeat(200) }), me, { them: "Acme" })).toBe(
      `Acme: ${"x".repeat(119)}…`,
    );
  });
  it("says so when there is nothing yet or the message was deleted", () => {
    expect(lastLine(summary(null), me, {})).toBe("No messages yet");
    expect(lastLine(summary({ deletedAt: "2026-12-01T00:00:00Z", body: "" }), me, {})).toBe(
      "Them: message deleted",
    );
  });
});

describe("unreadText", () => {
  it("is nothing at zero and caps at 99+", () => {
    expect(unreadText(0)).toBeUndefined();
    expect(unreadText(1)).toBe("1 unread");
    expect(unreadText(150)).toBe("99+ unread");
  });
});
