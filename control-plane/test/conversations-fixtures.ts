// Rows the conversations tests and matrix rows stand on: contracts inserted as the control plane's offers
// route would insert them (no workflow needed to talk about one), and their conversations.
import type { FastifyInstance } from "fastify";
import { randomBytes, randomUUID } from "node:crypto";
import { ensureConversation, postMessage } from "../src/conversations/index.js";
import { buildTestApp } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace } from "./callers.js";

/**
 * A test app with its own BullMQ prefix (its notices land in a queue no worker drains) and its own, roomy
 * rate-limit budgets (every test file signs up from 127.0.0.1). `close` also drops its queue and rate-limit
 * keys.
 */
export async function conversationsApp(): Promise<{
  app: FastifyInstance;
  prefix: string;
  close: () => Promise<void>;
}> {
  const namespace = rateLimitNamespace("conversations");
  const prefix = `bull-${randomBytes(6).toString("hex")}`;
  const roomy = "100000";
  const app = await buildTestApp({
    BULLMQ_PREFIX: prefix,
    RATE_LIMIT_NAMESPACE: namespace,
    RATE_LIMIT_DEFAULT_PER_MINUTE: roomy,
    RATE_LIMIT_AUTHENTICATED_PER_MINUTE: roomy,
    RATE_LIMIT_PUBLIC_PER_MINUTE: roomy,
    RATE_LIMIT_LOGIN_PER_MINUTE: roomy,
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: roomy,
  });
  const close = async (): Promise<void> => {
    await dropKeysUnder(app.redis, namespace);
    await dropKeysUnder(app.redis, `${prefix}:`);
    await app.close();
  };
  return { app, prefix, close };
}

/** An active two-milestone contract between these two users; returns its id. */
export async function insertContract(
  app: FastifyInstance,
  clientId: string,
  freelancerId: string,
): Promise<string> {
  const id = `c-conv-${randomUUID()}`;
  await app.prisma.contract.create({
    data: {
      id,
      workflowId: `contract-${id}`,
      clientId,
      freelancerId,
      title: "A contract to talk about",
      currency: "USD",
      platformFeeBps: 1000,
      state: "active",
      milestones: {
        create: [
          { id: `${id}-m1`, position: 1, title: "First", amountMinor: 50_000n, state: "funded" },
          { id: `${id}-m2`, position: 2, title: "Second", amountMinor: 50_000n, state: "pending" },
        ],
      },
    },
  });
  return id;
}

/** Puts a contract's first milestone in `state` ("disputed" lets admins read the conversation). */
export async function setFirstMilestone(
  app: FastifyInstance,
  contractId: string,
  state: string,
): Promise<void> {
  await app.prisma.milestone.update({ where: { id: `${contractId}-m1` }, data: { state } });
}

/** A contract between the two and its conversation, made as the first read would make it. */
export async function contractConversation(
  app: FastifyInstance,
  clientId: string,
  freelancerId: string,
): Promise<{ contractId: string; conversationId: string }> {
  const contractId = await insertContract(app, clientId, freelancerId);
  const conversation = await ensureConversation(app.prisma, { contractId }, [clientId, freelancerId]);
  return { contractId, conversationId: conversation.id };
}

/** A message stored as the messages route stores it; returns its id and seq. */
export async function insertMessage(
  app: FastifyInstance,
  conversationId: string,
  authorId: string,
  body = "A message a test made",
): Promise<{ messageId: string; seq: number }> {
  const message = await postMessage(app.prisma, conversationId, authorId, body);
  return { messageId: message.id, seq: message.seq };
}

export type MessageBody = {
  id: string;
  conversationId: string;
  seq: number;
  authorId: string;
  body: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
};

export type ConversationBody = {
  id: string;
  subject: { contractId?: string; proposalId?: string };
  participants: { userId: string; lastReadSeq: number; lastReadAt: string | null }[];
  unreadCount: number;
  lastMessage: MessageBody | null;
};

type Who = { headers: { authorization: string } };

type Response = Awaited<ReturnType<FastifyInstance["inject"]>>;
type Method = "GET" | "POST" | "PATCH" | "DELETE";

export type Talker = Record<
  "contractConversation" | "proposalConversation" | "conversation" | "messages",
  (id: string, query?: string) => Promise<Response>
> & {
  list(query?: string): Promise<Response>;
  post(id: string, body: string): Promise<Response>;
  edit(id: string, messageId: string, body: string): Promise<Response>;
  remove(id: string, messageId: string): Promise<Response>;
  read(id: string, seq: number): Promise<Response>;
};

/** Requests as one signed-in user, answering the raw response (tests assert status and body). */
export function talker(app: FastifyInstance, who: Who): Talker {
  const inject = (method: Method, url: string, payload?: object): Promise<Response> =>
    app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
  return {
    contractConversation: (contractId: string) => inject("GET", `/v1/contracts/${contractId}/conversation`),
    proposalConversation: (proposalId: string) => inject("GET", `/v1/proposals/${proposalId}/conversation`),
    conversation: (id: string) => inject("GET", `/v1/conversations/${id}`),
    list: (query = "") => inject("GET", `/v1/conversations${query}`),
    messages: (id: string, query = "") => inject("GET", `/v1/conversations/${id}/messages${query}`),
    post: (id: string, body: string) => inject("POST", `/v1/conversations/${id}/messages`, { body }),
    edit: (id: string, messageId: string, body: string) =>
      inject("PATCH", `/v1/conversations/${id}/messages/${messageId}`, { body }),
    remove: (id: string, messageId: string) =>
      inject("DELETE", `/v1/conversations/${id}/messages/${messageId}`),
    read: (id: string, seq: number) => inject("POST", `/v1/conversations/${id}/read`, { seq }),
  };
}

/** Posts and expects a 201, answering the message. */
export async function said(talk: Talker, id: string, body: string): Promise<MessageBody> {
  const response = await talk.post(id, body);
  if (response.statusCode !== 201) throw new Error(`post: ${response.statusCode} ${response.body}`);
  return response.json<MessageBody>();
}
