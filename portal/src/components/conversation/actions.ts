"use server";
import { refresh } from "next/cache";
import { api, actionStateOf } from "../../server/api";
import { problemOf, type Problem } from "../../api/problem";
import { textOf } from "../../lib/form-fields";
import type { MessagePage } from "./types";

export type SendState = { ok?: string; problem?: Problem; draft?: string; sent?: number };

/** Sends the composer's text; on failure the text comes back so nothing typed is lost. */
export async function sendMessage(state: SendState, form: FormData): Promise<SendState> {
  const conversationId = textOf(form, "conversationId");
  const body = textOf(form, "body");
  if (!body.trim())
    return {
      problem: { status: 400, code: "EMPTY", message: "Write a message first.", fields: [] },
      draft: body,
    };
  const result = await (
    await api()
  ).POST("/v1/conversations/{conversationId}/messages", {
    params: { path: { conversationId } },
    body: { body },
  });
  const outcome = actionStateOf(result, "Sent");
  if (outcome.problem) return { ...outcome, draft: body, sent: state.sent };
  refresh();
  return { ok: "Sent", draft: "", sent: (state.sent ?? 0) + 1 };
}

/** Moves the reader's marker forward to `seq` (the API ignores a seq behind it). */
export async function markConversationRead(conversationId: string, seq: number): Promise<void> {
  await (
    await api()
  ).POST("/v1/conversations/{conversationId}/read", {
    params: { path: { conversationId } },
    body: { seq },
  });
}

/** The page of messages just older than `before`, oldest first. */
export async function olderMessages(
  conversationId: string,
  before: number,
): Promise<MessagePage | { problem: Problem }> {
  const result = await (
    await api()
  ).GET("/v1/conversations/{conversationId}/messages", {
    params: { path: { conversationId }, query: { before, limit: 50 } },
  });
  if (result.data) return result.data;
  return { problem: problemOf(result.error, result.response.status) };
}
