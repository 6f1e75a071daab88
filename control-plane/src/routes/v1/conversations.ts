import type { FastifyRequest } from "fastify";
import { userOf } from "../../access.js";
import type { ControlPlaneConfig } from "../../config.js";
import {
  conversationAccess,
  conversationRead,
  conversationViews,
  deleteMessage,
  editMessage,
  listMessages,
  markRead,
  messageCreated,
  messageUpdated,
  myConversations,
  participantAccess,
  postMessage,
  subjectConversation,
  type Caller,
  type ConversationAccess,
  type ConversationView,
  type MessageChange,
} from "../../conversations/index.js";
import { unauthenticated } from "../../errors/index.js";
import {
  contractIdParams,
  conversationIdParams,
  conversationListQuery,
  conversationPageSchema,
  conversationSchema,
  messageBody,
  messageChangeRules,
  messageIdParams,
  messageListQuery,
  messagePageSchema,
  messageSchema,
  proposalIdParams,
  readBody,
  readMarkerSchema,
} from "./conversation-schemas.js";
import { limitOf } from "./proposal-schemas.js";
import { type TypedApp, bearer, errors, signedIn } from "./typed-app.js";

const tags = ["conversations"];

function callerOf(request: FastifyRequest): Caller {
  const user = userOf(request);
  if (!user) throw unauthenticated();
  return { userId: user.userId, admin: user.roles.includes("admin") };
}

/**
 * An admin's read of a disputed contract's conversation is recorded before anything is shown: reads are not
 * audited automatically, and this one must be (the parties' messages are private otherwise).
 */
async function audited(app: TypedApp, request: FastifyRequest, access: ConversationAccess): Promise<void> {
  if (access.reader !== "dispute") return;
  await app.audit.append({
    actorType: "user",
    actorId: callerOf(request).userId,
    action: `${request.method} ${request.routeOptions.url ?? request.url}`,
    targetType: "conversations",
    targetId: access.conversation.id,
    requestId: String(request.id),
    ip: request.ip,
    outcome: "success",
    details: { reason: "dispute", contractId: access.conversation.contractId },
  });
}

async function viewOf(
  app: TypedApp,
  request: FastifyRequest,
  access: ConversationAccess,
): Promise<ConversationView> {
  await audited(app, request, access);
  const [view] = await conversationViews(app.prisma, callerOf(request).userId, [access.conversation.id]);
  if (!view) throw new Error(`Conversation ${access.conversation.id} vanished while read`);
  return view;
}

function subjectRoutes(app: TypedApp): void {
  const schema = {
    tags,
    security: bearer,
    response: { 200: conversationSchema, ...errors(400, 401, 403, 404) },
  };
  app.get(
    "/v1/contracts/:contractId/conversation",
    {
      config: { access: signedIn },
      schema: {
        ...schema,
        summary:
          "The contract's conversation between its parties (made on first read); admins only during a dispute, audited",
        params: contractIdParams,
      },
    },
    async (request) => {
      const subject = { contractId: request.params.contractId };
      return viewOf(app, request, await subjectConversation(app.prisma, callerOf(request), subject));
    },
  );
  app.get(
    "/v1/proposals/:proposalId/conversation",
    {
      config: { access: signedIn },
      schema: {
        ...schema,
        summary: "The proposal's conversation between its author and the job's owner (made on first read)",
        params: proposalIdParams,
      },
    },
    async (request) => {
      const subject = { proposalId: request.params.proposalId };
      return viewOf(app, request, await subjectConversation(app.prisma, callerOf(request), subject));
    },
  );
}

function conversationReadRoutes(app: TypedApp): void {
  app.get(
    "/v1/conversations",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "The caller's conversations, newest activity first, with the last message and unread count",
        security: bearer,
        querystring: conversationListQuery,
        response: { 200: conversationPageSchema, ...errors(400, 401, 403, 422) },
      },
    },
    async (request) =>
      myConversations(app.prisma, callerOf(request).userId, {
        cursor: request.query.cursor,
        limit: limitOf(request.query.limit, 100),
      }),
  );

  app.get(
    "/v1/conversations/:conversationId",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "A conversation (its participants; admins only during its contract's dispute, audited)",
        security: bearer,
        params: conversationIdParams,
        response: { 200: conversationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      viewOf(
        app,
        request,
        await conversationAccess(app.prisma, callerOf(request), request.params.conversationId),
      ),
  );

  app.get(
    "/v1/conversations/:conversationId/messages",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "Messages in order: the newest, or those before or after a seq (keyset pages)",
        security: bearer,
        params: conversationIdParams,
        querystring: messageListQuery,
        response: { 200: messagePageSchema, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const access = await conversationAccess(app.prisma, callerOf(request), request.params.conversationId);
      const query = { ...request.query, limit: limitOf(request.query.limit, 100, 50) };
      const page = await listMessages(app.prisma, access.conversation.id, query);
      await audited(app, request, access);
      return page;
    },
  );
}

function messageWriteRoutes(app: TypedApp, config: ControlPlaneConfig): void {
  app.post(
    "/v1/conversations/:conversationId/messages",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "Send a message (participants only)",
        security: bearer,
        params: conversationIdParams,
        body: messageBody,
        response: { 201: messageSchema, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const conversation = await participantAccess(app.prisma, caller, request.params.conversationId);
      const message = await postMessage(app.prisma, conversation.id, caller.userId, request.body.body);
      request.log.info({ messageId: message.id, seq: message.seq }, `Posted message ${message.id}`);
      await messageCreated(app, message);
      return reply.code(201).send(message);
    },
  );

  const change = async (
    request: FastifyRequest,
    params: { conversationId: string; messageId: string },
  ): Promise<MessageChange> => {
    const caller = callerOf(request);
    const conversation = await participantAccess(app.prisma, caller, params.conversationId);
    return {
      conversationId: conversation.id,
      messageId: params.messageId,
      callerId: caller.userId,
      windowSeconds: config.MESSAGE_EDIT_WINDOW_SECONDS,
    };
  };
  const changeErrors = errors(400, 401, 403, 404, 409, 422);

  app.patch(
    "/v1/conversations/:conversationId/messages/:messageId",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "Edit a message (its author, within MESSAGE_EDIT_WINDOW_SECONDS; the old body is kept)",
        description: messageChangeRules,
        security: bearer,
        params: messageIdParams,
        body: messageBody,
        response: { 200: messageSchema, ...changeErrors },
      },
    },
    async (request) => {
      const message = await editMessage(app.prisma, await change(request, request.params), request.body.body);
      request.log.info({ messageId: message.id }, `Edited message ${message.id}`);
      await messageUpdated(app, message);
      return message;
    },
  );

  app.delete(
    "/v1/conversations/:conversationId/messages/:messageId",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "Delete a message (its author, within MESSAGE_EDIT_WINDOW_SECONDS; it reads as empty)",
        description: messageChangeRules,
        security: bearer,
        params: messageIdParams,
        response: { 200: messageSchema, ...changeErrors },
      },
    },
    async (request) => {
      const { message, changed } = await deleteMessage(app.prisma, await change(request, request.params));
      if (!changed) return message;
      request.log.info({ messageId: message.id }, `Deleted message ${message.id}`);
      await messageUpdated(app, message);
      return message;
    },
  );
}

function readRoutes(app: TypedApp): void {
  app.post(
    "/v1/conversations/:conversationId/read",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "Move the caller's read marker forward to a message's seq (never backward)",
        security: bearer,
        params: conversationIdParams,
        body: readBody,
        response: { 200: readMarkerSchema, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const conversation = await participantAccess(app.prisma, caller, request.params.conversationId);
      const { marker, moved } = await markRead(app.prisma, conversation.id, caller.userId, request.body.seq);
      if (moved) await conversationRead(app, marker);
      return marker;
    },
  );
}

/** Routes of the conversations capability (src/conversations/). */
export async function conversationsRoutes(app: TypedApp, config: ControlPlaneConfig): Promise<void> {
  subjectRoutes(app);
  conversationReadRoutes(app);
  messageWriteRoutes(app, config);
  readRoutes(app);
  return Promise.resolve();
}
