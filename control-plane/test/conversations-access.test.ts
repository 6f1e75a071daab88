// Who may see a conversation: its parties. A stranger gets the 404 a missing conversation gets on every
// route; an admin too, unless a milestone of the contract is disputed: then the admin reads (never writes)
// and each read leaves an audit event.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "./app-harness.js";
import { signUp, type SignedIn } from "./callers.js";
import {
  insertContract,
  said,
  setFirstMilestone,
  talker,
  type ConversationBody,
  type Talker,
  conversationsApp,
} from "./conversations-fixtures.js";
import { insertJob, insertProposal } from "./proposals-fixtures.js";

let app: FastifyInstance;
let close: () => Promise<void>;
let client: SignedIn;
let freelancer: SignedIn;
let admin: SignedIn;
let asClient: Talker;
let asFreelancer: Talker;
let asAdmin: Talker;

beforeAll(async () => {
  ({ app, close } = await conversationsApp());
  [client, freelancer, admin] = await Promise.all([
    signUp(app, "client"),
    signUp(app, "freelancer"),
    signUp(app, "admin"),
  ]);
  asClient = talker(app, client);
  asFreelancer = talker(app, freelancer);
  asAdmin = talker(app, admin);
});
afterAll(async () => close?.());

type Talk = {
  contractId: string;
  proposalId: string;
  conversationId: string;
  messageId: string;
  seq: number;
};

async function talk(): Promise<Talk> {
  const contractId = await insertContract(app, client.userId, freelancer.userId);
  const proposalId = await insertProposal(
    app,
    await insertJob(app, client.userId, { skillIds: [] }),
    freelancer.userId,
  );
  const conversationId = (await asClient.contractConversation(contractId)).json<ConversationBody>().id;
  const message = await said(asFreelancer, conversationId, "Only for the two of us");
  return { contractId, proposalId, conversationId, messageId: message.id, seq: message.seq };
}

/** Every route of the capability on one conversation, as `who`. */
const everyRoute = (who: Talker, t: Talk): [string, () => ReturnType<Talker["conversation"]>][] => [
  ["contract conversation", () => who.contractConversation(t.contractId)],
  ["proposal conversation", () => who.proposalConversation(t.proposalId)],
  ["conversation", () => who.conversation(t.conversationId)],
  ["messages", () => who.messages(t.conversationId)],
  ["post", () => who.post(t.conversationId, "Let me in")],
  ["edit", () => who.edit(t.conversationId, t.messageId, "Mine now")],
  ["delete", () => who.remove(t.conversationId, t.messageId)],
  ["read", () => who.read(t.conversationId, t.seq)],
];

describe("strangers", () => {
  it("get 404 SKP_NOT_FOUND on every route, and do not see the conversation in their list", async () => {
    const t = await talk();
    const stranger = await signUp(app, "client");
    const asStranger = talker(app, stranger);
    for (const [name, call] of everyRoute(asStranger, t)) {
      const response = await call();
      expect(response.statusCode, `${name}: ${response.body}`).toBe(404);
      expectProblem(response, 404, "SKP_NOT_FOUND");
    }
    const list = (await asStranger.list()).json<{ items: ConversationBody[] }>();
    expect(list.items).toEqual([]);
    const message = await app.prisma.message.findUniqueOrThrow({ where: { id: t.messageId } });
    expect(message.body).toBe("Only for the two of us");
  });
});

describe("admins", () => {
  const auditedReads = async (conversationId: string): Promise<{ action: string; outcome: string }[]> =>
    app.prisma.$queryRaw`
      SELECT action, outcome FROM audit_events
      WHERE actor_id = ${admin.userId} AND target_type = 'conversations' AND target_id = ${conversationId}
        AND action LIKE 'GET %'
      ORDER BY id`;

  it("get 404 on a contract's conversation while no milestone is disputed, and on proposals always", async () => {
    const t = await talk();
    for (const [name, call] of everyRoute(asAdmin, t)) {
      const response = await call();
      expect(response.statusCode, `${name}: ${response.body}`).toBe(404);
      expectProblem(response, 404, "SKP_NOT_FOUND");
    }
    expect(await auditedReads(t.conversationId)).toEqual([]);
  });

  it("read a disputed contract's conversation, each read audited, and never write in it", async () => {
    const t = await talk();
    await setFirstMilestone(app, t.contractId, "disputed");

    const byContract = await asAdmin.contractConversation(t.contractId);
    expect(byContract.statusCode, byContract.body).toBe(200);
    expect(byContract.json<ConversationBody>()).toMatchObject({ id: t.conversationId, unreadCount: 0 });
    const byId = await asAdmin.conversation(t.conversationId);
    expect(byId.statusCode).toBe(200);
    const messages = await asAdmin.messages(t.conversationId);
    expect(messages.statusCode).toBe(200);
    expect(messages.json<{ items: { body: string }[] }>().items.map((m) => m.body)).toEqual([
      "Only for the two of us",
    ]);
    expect(await auditedReads(t.conversationId)).toEqual([
      { action: "GET /v1/contracts/:contractId/conversation", outcome: "success" },
      { action: "GET /v1/conversations/:conversationId", outcome: "success" },
      { action: "GET /v1/conversations/:conversationId/messages", outcome: "success" },
    ]);

    expectProblem(await asAdmin.post(t.conversationId, "Admin here"), 403, "SKP_FORBIDDEN");
    expectProblem(await asAdmin.edit(t.conversationId, t.messageId, "Admin edit"), 403, "SKP_FORBIDDEN");
    expectProblem(await asAdmin.remove(t.conversationId, t.messageId), 403, "SKP_FORBIDDEN");
    expectProblem(await asAdmin.read(t.conversationId, t.seq), 403, "SKP_FORBIDDEN");
    expectProblem(await asAdmin.proposalConversation(t.proposalId), 404, "SKP_NOT_FOUND");
    expect(await app.prisma.message.count({ where: { conversationId: t.conversationId } })).toBe(1);

    await setFirstMilestone(app, t.contractId, "funded");
    expectProblem(await asAdmin.messages(t.conversationId), 404, "SKP_NOT_FOUND");
  });
});

describe("hostile inputs", () => {
  it("are answered 4xx problem+json, never 5xx", async () => {
    const t = await talk();
    const base = `/v1/conversations/${t.conversationId}`;
    const requests: { method: "GET" | "POST" | "PATCH"; url: string; payload?: unknown }[] = [
      { method: "GET", url: `${base}/messages?before=Infinity` },
      { method: "GET", url: `${base}/messages?after=1e308` },
      { method: "GET", url: `${base}/messages?after=-1` },
      { method: "GET", url: `${base}/messages?limit=Infinity` },
      { method: "GET", url: `${base}/messages?after=9007199254740993` },
      { method: "GET", url: `/v1/conversations?cursor=${"A".repeat(512)}` },
      { method: "GET", url: "/v1/conversations/not-a-uuid" },
      { method: "GET", url: `/v1/contracts/${"c".repeat(101)}/conversation` },
      { method: "GET", url: "/v1/contracts/c%00x/conversation" },
      { method: "POST", url: `${base}/messages`, payload: { body: "\uD800" } },
      { method: "POST", url: `${base}/messages`, payload: { body: 42 } },
      { method: "POST", url: `${base}/messages`, payload: { body: "hi", extra: true } },
      { method: "POST", url: `${base}/read`, payload: { seq: 1e20 } },
      { method: "POST", url: `${base}/read`, payload: { seq: 0 } },
      { method: "PATCH", url: `${base}/messages/${t.messageId}`, payload: {} },
    ];
    for (const request of requests) {
      const response = await app.inject({ ...request, headers: freelancer.headers } as never);
      const label = `${request.method} ${request.url}: ${response.statusCode} ${response.body}`;
      expect(response.statusCode >= 400 && response.statusCode < 500, label).toBe(true);
      expect(response.headers["content-type"], label).toMatch(/^application\/problem\+json/);
    }
  });
});
