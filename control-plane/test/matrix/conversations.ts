// The conversations capability's rows of the authorization matrix. A conversation's participants are the
// parties of its contract or proposal (ctx.users.freelancer and ctx.users.client); admins read a contract's
// conversation only during a dispute (none here, so they get the 404 anyone else gets), and auditors never.
import { contractConversation, insertContract, insertMessage } from "../conversations-fixtures.js";
import { insertJob, insertProposal } from "../proposals-fixtures.js";
import { anyUser, type Caller, type Entry, type MatrixContext, type Outcome } from "./matrix-types.js";

const partiesOnly: Record<Caller, Outcome> = {
  anonymous: 401,
  freelancer: "ok",
  client: "ok",
  admin: 404,
  auditor: 404,
  service: 403,
};
// A message is changed by its author (the freelancer here); the other participant may see it, so 403.
const authorOnly: Record<Caller, Outcome> = { ...partiesOnly, client: 403 };

const stranger = { role: "client" as const, expect: 404 as const };

const conversation = async (ctx: MatrixContext): Promise<{ conversationId: string }> => {
  const made = await contractConversation(ctx.app, ctx.users.client.userId, ctx.users.freelancer.userId);
  return { conversationId: made.conversationId };
};

/** A conversation with one message of the freelancer's. */
const withMessage = async (ctx: MatrixContext): Promise<Record<string, string>> => {
  const { conversationId } = await conversation(ctx);
  const { messageId, seq } = await insertMessage(ctx.app, conversationId, ctx.users.freelancer.userId);
  return { conversationId, messageId, seq: String(seq) };
};

const onConversation = (
  request: Entry["request"],
  create: (ctx: MatrixContext) => Promise<Record<string, string>>,
  expect = partiesOnly,
): Entry => ({ request, expect, object: { create, stranger } });

export const conversationsMatrix: Record<string, Entry> = {
  "GET /v1/conversations": {
    request: () => ({ method: "GET", url: "/v1/conversations" }),
    expect: anyUser,
  },
  "GET /v1/contracts/:contractId/conversation": onConversation(
    (call) => ({ method: "GET", url: `/v1/contracts/${call.params.contractId}/conversation` }),
    async (ctx) => ({
      contractId: await insertContract(ctx.app, ctx.users.client.userId, ctx.users.freelancer.userId),
    }),
  ),
  "GET /v1/proposals/:proposalId/conversation": onConversation(
    (call) => ({ method: "GET", url: `/v1/proposals/${call.params.proposalId}/conversation` }),
    async (ctx) => {
      const jobId = await insertJob(ctx.app, ctx.users.client.userId, { skillIds: [] });
      return { proposalId: await insertProposal(ctx.app, jobId, ctx.users.freelancer.userId) };
    },
  ),
  "GET /v1/conversations/:conversationId": onConversation(
    (call) => ({ method: "GET", url: `/v1/conversations/${call.params.conversationId}` }),
    conversation,
  ),
  "GET /v1/conversations/:conversationId/messages": onConversation(
    (call) => ({ method: "GET", url: `/v1/conversations/${call.params.conversationId}/messages` }),
    withMessage,
  ),
  "POST /v1/conversations/:conversationId/messages": onConversation(
    (call) => ({
      method: "POST",
      url: `/v1/conversations/${call.params.conversationId}/messages`,
      payload: { body: "The matrix says hello" },
    }),
    conversation,
  ),
  "PATCH /v1/conversations/:conversationId/messages/:messageId": onConversation(
    (call) => ({
      method: "PATCH",
      url: `/v1/conversations/${call.params.conversationId}/messages/${call.params.messageId}`,
      payload: { body: "The matrix edited this" },
    }),
    withMessage,
    authorOnly,
  ),
  "DELETE /v1/conversations/:conversationId/messages/:messageId": onConversation(
    (call) => ({
      method: "DELETE",
      url: `/v1/conversations/${call.params.conversationId}/messages/${call.params.messageId}`,
    }),
    withMessage,
    authorOnly,
  ),
  "POST /v1/conversations/:conversationId/read": onConversation(
    (call) => ({
      method: "POST",
      url: `/v1/conversations/${call.params.conversationId}/read`,
      payload: { seq: Number(call.params.seq) },
    }),
    withMessage,
  ),
};
