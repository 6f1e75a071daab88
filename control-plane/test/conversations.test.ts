// Conversations over HTTP against the real database: both parties talk, messages stay in one order under
// concurrent posts and page both ways without gaps or repeats, edits and deletes keep the old body and
// close with the edit window, and read markers only move forward.
import { stackEnv } from "@skillpod/testkit";
import type { FastifyInstance } from "fastify";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "./app-harness.js";
import { signUp, type SignedIn } from "./callers.js";
import {
  insertContract,
  said,
  talker,
  type ConversationBody,
  type MessageBody,
  type Talker,
  conversationsApp,
} from "./conversations-fixtures.js";
import { insertJob, insertProposal } from "./proposals-fixtures.js";

let app: FastifyInstance;
let close: () => Promise<void>;
let client: SignedIn;
let freelancer: SignedIn;
let asClient: Talker;
let asFreelancer: Talker;

beforeAll(async () => {
  ({ app, close } = await conversationsApp());
  [client, freelancer] = await Promise.all([signUp(app, "client"), signUp(app, "freelancer")]);
  asClient = talker(app, client);
  asFreelancer = talker(app, freelancer);
});
afterAll(async () => close?.());

/** A fresh contract between the client and the freelancer, and its conversation's id. */
async function contractTalk(): Promise<{ contractId: string; conversationId: string }> {
  const contractId = await insertContract(app, client.userId, freelancer.userId);
  const response = await asClient.contractConversation(contractId);
  expect(response.statusCode, response.body).toBe(200);
  return { contractId, conversationId: response.json<ConversationBody>().id };
}

async function allMessages(talk: Talker, conversationId: string): Promise<MessageBody[]> {
  const response = await talk.messages(conversationId, "?limit=100");
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: MessageBody[] }>().items;
}

describe("a contract's conversation", () => {
  it("is one conversation between the contract's parties, however many first reads race", async () => {
    const contractId = await insertContract(app, client.userId, freelancer.userId);
    const reads = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? asClient : asFreelancer).contractConversation(contractId)),
    );
    const ids = new Set(reads.map((read) => read.json<ConversationBody>().id));
    expect(reads.map((read) => read.statusCode)).toEqual(Array(8).fill(200));
    expect(ids.size).toBe(1);
    const view = reads[0]!.json<ConversationBody>();
    expect(view.subject).toEqual({ contractId });
    expect(view.participants.map((p) => p.userId).sort()).toEqual([client.userId, freelancer.userId].sort());
    expect(view.participants.every((p) => p.lastReadSeq === 0 && p.lastReadAt === null)).toBe(true);
    const rows = await app.prisma.conversation.findMany({
      where: { contractId },
      include: { participants: true },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.participants).toHaveLength(2);
  });

  it("carries both parties' messages, in the same order for both", async () => {
    const { conversationId } = await contractTalk();
    const first = await said(asClient, conversationId, "Hello Ada, welcome aboard");
    const second = await said(asFreelancer, conversationId, "Thanks! Starting on milestone one.\nTabs\tok");
    expect(first).toMatchObject({ conversationId, authorId: client.userId, editedAt: null, deletedAt: null });
    expect(second.seq).toBeGreaterThan(first.seq);
    const seenByClient = await allMessages(asClient, conversationId);
    expect(seenByClient).toEqual(await allMessages(asFreelancer, conversationId));
    expect(seenByClient.map((m) => [m.authorId, m.body])).toEqual([
      [client.userId, "Hello Ada, welcome aboard"],
      [freelancer.userId, "Thanks! Starting on milestone one.\nTabs\tok"],
    ]);
    const list = (await asFreelancer.list()).json<{ items: ConversationBody[] }>();
    const mine = list.items.find((item) => item.id === conversationId);
    expect(mine?.lastMessage?.id).toBe(second.id);
    expect(list.items[0]?.id, "newest activity first").toBe(conversationId);
  });

  it("refuses bodies that are empty, blank, too long or hold a NUL", async () => {
    const { conversationId } = await contractTalk();
    expectProblem(await asClient.post(conversationId, ""), 400, "SKP_VALIDATION_FAILED");
    expectProblem(await asClient.post(conversationId, "a\u0000b"), 400, "SKP_VALIDATION_FAILED");
    expectProblem(await asClient.post(conversationId, "x".repeat(10_001)), 400, "SKP_VALIDATION_FAILED");
    expectProblem(await asClient.post(conversationId, "  \n "), 422, "SKP_VALIDATION_FAILED");
    expect((await asClient.post(conversationId, "x".repeat(10_000))).statusCode).toBe(201);
    expectProblem(await asClient.messages(conversationId, "?before=5&after=2"), 422, "SKP_VALIDATION_FAILED");
    expectProblem(await asClient.messages(conversationId, "?limit=101"), 400, "SKP_VALIDATION_FAILED");
  });
});

describe("a proposal's conversation", () => {
  it("is between the proposal's author and the job's owner", async () => {
    const jobId = await insertJob(app, client.userId, { skillIds: [] });
    const proposalId = await insertProposal(app, jobId, freelancer.userId);
    const byFreelancer = await asFreelancer.proposalConversation(proposalId);
    expect(byFreelancer.statusCode, byFreelancer.body).toBe(200);
    const view = byFreelancer.json<ConversationBody>();
    expect(view.subject).toEqual({ proposalId });
    expect(view.participants.map((p) => p.userId).sort()).toEqual([client.userId, freelancer.userId].sort());
    expect((await asClient.proposalConversation(proposalId)).json<ConversationBody>().id).toBe(view.id);
    await said(asClient, view.id, "Can you start on Monday?");
    expect((await allMessages(asFreelancer, view.id)).map((m) => m.body)).toEqual([
      "Can you start on Monday?",
    ]);
  });
});

describe("order and pages", () => {
  it("pages both ways without gaps or repeats, and a reader following with ?after= misses nothing", async () => {
    const { conversationId } = await contractTalk();
    const followed: MessageBody[] = [];
    let cursor = 0;
    const follow = async (): Promise<void> => {
      const page = (await asClient.messages(conversationId, `?after=${cursor}&limit=5`)).json<{
        items: MessageBody[];
      }>();
      followed.push(...page.items);
      cursor = page.items.at(-1)?.seq ?? cursor;
    };
    let posting = true;
    const follower = (async (): Promise<void> => {
      while (posting) await follow();
    })();
    const posted = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        said(i % 2 ? asClient : asFreelancer, conversationId, `message ${i}`),
      ),
    );
    posting = false;
    await follower;
    for (let before = -1; before !== cursor;) {
      before = cursor;
      await follow();
    }
    const bySeq = [...posted].sort((a, b) => a.seq - b.seq).map((m) => m.id);
    expect(new Set(posted.map((m) => m.seq)).size).toBe(40);
    expect(
      followed.map((m) => m.id),
      "followed with ?after=",
    ).toEqual(bySeq);

    const forward: string[] = [];
    for (let after = 0, more = true; more;) {
      const page = (await asFreelancer.messages(conversationId, `?after=${after}&limit=7`)).json<{
        items: MessageBody[];
        hasMore: boolean;
      }>();
      forward.push(...page.items.map((m) => m.id));
      after = page.items.at(-1)?.seq ?? after;
      more = page.hasMore;
    }
    expect(forward, "forward pages").toEqual(bySeq);

    const backward: string[] = [];
    let newest = (await asFreelancer.messages(conversationId, "?limit=7")).json<{
      items: MessageBody[];
      hasMore: boolean;
    }>();
    backward.unshift(...newest.items.map((m) => m.id));
    while (newest.hasMore) {
      const oldest = newest.items[0]!.seq;
      newest = (await asFreelancer.messages(conversationId, `?before=${oldest}&limit=7`)).json();
      backward.unshift(...newest.items.map((m) => m.id));
    }
    expect(backward, "backward pages").toEqual(bySeq);
  });

  it("holds a post back while an earlier one is still in flight, so no reader sees a later seq first", async () => {
    const { conversationId } = await contractTalk();
    // A post in flight, by the same protocol as postMessage: lock the conversation, draw a seq, not committed.
    const inFlight = new pg.Client({ connectionString: stackEnv("TEST_APP_DATABASE_URL") });
    await inFlight.connect();
    try {
      await inFlight.query("BEGIN");
      await inFlight.query("SELECT 1 FROM conversations WHERE id = $1 FOR NO KEY UPDATE", [conversationId]);
      const early = await inFlight.query<{ seq: string }>(
        "INSERT INTO messages (conversation_id, author_id, body) VALUES ($1, $2, 'early') RETURNING seq",
        [conversationId, freelancer.userId],
      );
      const late = said(asClient, conversationId, "late");
      await sleep(400);
      const meanwhile = (await asFreelancer.messages(conversationId, "?after=0")).json<{
        items: MessageBody[];
      }>();
      expect(meanwhile.items, "the later post must not be readable before the earlier one").toEqual([]);
      await inFlight.query("COMMIT");
      const posted = await late;
      expect(posted.seq).toBeGreaterThan(Number(early.rows[0]!.seq));
      expect((await allMessages(asFreelancer, conversationId)).map((m) => m.body)).toEqual(["early", "late"]);
    } finally {
      await inFlight.end();
    }
  });
});

describe("edits and deletions", () => {
  it("lets the author edit within the window and keeps every earlier body", async () => {
    const { conversationId } = await contractTalk();
    const message = await said(asFreelancer, conversationId, "Delivery on Fridya");
    const edited = await asFreelancer.edit(conversationId, message.id, "Delivery on Friday");
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<MessageBody>()).toMatchObject({
      id: message.id,
      seq: message.seq,
      body: "Delivery on Friday",
    });
    expect(edited.json<MessageBody>().editedAt).not.toBeNull();
    await asFreelancer.edit(conversationId, message.id, "Delivery on Friday at noon");
    const edits = await app.prisma.messageEdit.findMany({
      where: { messageId: message.id },
      orderBy: { id: "asc" },
    });
    expect(edits.map((e) => e.body)).toEqual(["Delivery on Fridya", "Delivery on Friday"]);
    expect((await allMessages(asClient, conversationId))[0]?.body).toBe("Delivery on Friday at noon");
    expectProblem(await asClient.edit(conversationId, message.id, "Not mine"), 403, "SKP_FORBIDDEN");
    expectProblem(await asClient.remove(conversationId, message.id), 403, "SKP_FORBIDDEN");
  });

  it("refuses an edit or deletion once the window has closed", async () => {
    const { conversationId } = await contractTalk();
    const message = await said(asClient, conversationId, "Too late to change");
    await app.prisma.$executeRaw`
      UPDATE messages SET created_at = now() - interval '1 hour' WHERE id = ${message.id}::uuid`;
    expectProblem(
      await asClient.edit(conversationId, message.id, "Changed"),
      403,
      "SKP_MESSAGE_EDIT_WINDOW_CLOSED",
    );
    expectProblem(await asClient.remove(conversationId, message.id), 403, "SKP_MESSAGE_EDIT_WINDOW_CLOSED");
    expect((await allMessages(asClient, conversationId))[0]).toMatchObject({
      body: "Too late to change",
      editedAt: null,
    });
    expect(await app.prisma.messageEdit.count({ where: { messageId: message.id } })).toBe(0);
  });

  it("deletes a message: it keeps its place, reads empty, and its body stays in message_edits", async () => {
    const { conversationId } = await contractTalk();
    const message = await said(asClient, conversationId, "Wrong conversation, sorry");
    const after = await said(asFreelancer, conversationId, "No problem");
    const deleted = await asClient.remove(conversationId, message.id);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json<MessageBody>()).toMatchObject({ id: message.id, body: "" });
    expect(deleted.json<MessageBody>().deletedAt).not.toBeNull();
    const listed = await allMessages(asFreelancer, conversationId);
    expect(listed.map((m) => [m.id, m.body])).toEqual([
      [message.id, ""],
      [after.id, "No problem"],
    ]);
    const row = await app.prisma.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.body).toBe("");
    const edits = await app.prisma.messageEdit.findMany({ where: { messageId: message.id } });
    expect(edits.map((e) => e.body)).toEqual(["Wrong conversation, sorry"]);
    expectProblem(await asClient.edit(conversationId, message.id, "Back"), 409, "SKP_MESSAGE_DELETED");
    const again = await asClient.remove(conversationId, message.id);
    expect(again.statusCode).toBe(200);
    expect(await app.prisma.messageEdit.count({ where: { messageId: message.id } })).toBe(1);
    expectProblem(await asClient.remove(conversationId, after.id), 403, "SKP_FORBIDDEN");
  });
});

describe("read markers", () => {
  it("move forward only, and the unread counts follow", async () => {
    const { conversationId } = await contractTalk();
    const [one, two, three] = [
      await said(asFreelancer, conversationId, "one"),
      await said(asFreelancer, conversationId, "two"),
      await said(asFreelancer, conversationId, "three"),
    ];
    const unread = async (talk: Talker): Promise<number> =>
      (await talk.conversation(conversationId)).json<ConversationBody>().unreadCount;
    expect(await unread(asClient)).toBe(3);
    expect(await unread(asFreelancer), "one's own messages are never unread").toBe(0);

    const marked = await asClient.read(conversationId, two.seq);
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({ userId: client.userId, lastReadSeq: two.seq, unreadCount: 1 });
    const back = await asClient.read(conversationId, one.seq);
    expect(back.json(), "never backward").toMatchObject({ lastReadSeq: two.seq, unreadCount: 1 });
    expect(await unread(asClient)).toBe(1);

    const view = (await asFreelancer.conversation(conversationId)).json<ConversationBody>();
    expect(view.participants.find((p) => p.userId === client.userId)?.lastReadSeq).toBe(two.seq);

    await asClient.read(conversationId, three.seq);
    expect(await unread(asClient)).toBe(0);
    const listed = (await asClient.list("?limit=100")).json<{ items: ConversationBody[] }>();
    expect(listed.items.find((item) => item.id === conversationId)?.unreadCount).toBe(0);

    const other = await contractTalk();
    const elsewhere = await said(asFreelancer, other.conversationId, "elsewhere");
    expectProblem(await asClient.read(conversationId, elsewhere.seq), 422, "SKP_VALIDATION_FAILED");
    expect(await unread(asFreelancer)).toBe(0);
  });
});
