"use server";
import { refresh } from "next/cache";
import type { FormState } from "../../../../components/ui";
import { textOf } from "../../../../lib/form-fields";
import { actionStateOf, api } from "../../../../server/api";
import { fieldProblem, linksOf, moveProblem } from "./move-words";

type Move = { contractId: string; milestoneId: string; key: string };

function moveOf(form: FormData): Move {
  return {
    contractId: textOf(form, "contractId"),
    milestoneId: textOf(form, "milestoneId"),
    key: textOf(form, "idempotencyKey"),
  };
}

/** A retried form (same key) gets the first answer instead of a refusal for a move already made. */
function headerOf(m: Move): { "idempotency-key"?: string } {
  return /^[A-Za-z0-9_.:-]{8,200}$/.test(m.key) ? { "idempotency-key": m.key } : {};
}

function paramsOf(m: Move): {
  path: { contractId: string; milestoneId: string };
  header: { "idempotency-key"?: string };
} {
  return { path: { contractId: m.contractId, milestoneId: m.milestoneId }, header: headerOf(m) };
}

/** The move's outcome in words; the page is read again when it happened, or when the state moved under us. */
function outcome(result: Parameters<typeof actionStateOf>[0], ok: string): FormState {
  const state = actionStateOf(result, ok);
  if (state.ok || state.problem?.code === "SKP_CONTRACT_INVALID_STATE") refresh();
  return state.problem ? { problem: moveProblem(state.problem) } : state;
}

export async function fundMilestone(_: FormState, form: FormData): Promise<FormState> {
  const m = moveOf(form);
  const result = await (
    await api()
  ).POST("/v1/contracts/{contractId}/milestones/{milestoneId}/fund", { params: paramsOf(m) });
  return outcome(result, "Milestone funded: the money is in escrow.");
}

export async function submitMilestone(_: FormState, form: FormData): Promise<FormState> {
  const m = moveOf(form);
  const { links, bad } = linksOf(textOf(form, "links"));
  if (bad) return { problem: fieldProblem("links", `must each start with https:// (${bad.slice(0, 60)})`) };
  const result = await (
    await api()
  ).POST("/v1/contracts/{contractId}/milestones/{milestoneId}/submit", {
    params: paramsOf(m),
    body: { note: textOf(form, "note").trim(), links },
  });
  return outcome(result, "Work submitted: the client has been told.");
}

export async function approveMilestone(_: FormState, form: FormData): Promise<FormState> {
  const m = moveOf(form);
  const result = await (
    await api()
  ).POST("/v1/contracts/{contractId}/milestones/{milestoneId}/approve", { params: paramsOf(m) });
  return outcome(result, "Work approved: the payout has started.");
}

export async function requestChanges(_: FormState, form: FormData): Promise<FormState> {
  const m = moveOf(form);
  const reason = textOf(form, "reason").trim();
  if (!reason) return { problem: fieldProblem("reason", "is required: say what needs to change") };
  const result = await (
    await api()
  ).POST("/v1/contracts/{contractId}/milestones/{milestoneId}/request-changes", {
    params: paramsOf(m),
    body: { reason },
  });
  return outcome(result, "Changes requested: the freelancer has been told.");
}

export async function openDispute(_: FormState, form: FormData): Promise<FormState> {
  const m = moveOf(form);
  const statement = textOf(form, "statement").trim();
  if (!statement) return { problem: fieldProblem("statement", "is required: say what went wrong") };
  const { links, bad } = linksOf(textOf(form, "evidence"));
  if (bad)
    return { problem: fieldProblem("evidence", `must each start with https:// (${bad.slice(0, 60)})`) };
  const result = await (
    await api()
  ).POST("/v1/contracts/{contractId}/milestones/{milestoneId}/dispute", {
    params: paramsOf(m),
    body: { statement, evidence: links },
  });
  return outcome(result, "Dispute opened: payouts are paused and an admin will review it.");
}

export async function resolveDispute(_: FormState, form: FormData): Promise<FormState> {
  const m = moveOf(form);
  const favor = textOf(form, "favor");
  if (favor !== "freelancer" && favor !== "client")
    return { problem: fieldProblem("favor", "must be the freelancer or the client") };
  const note = textOf(form, "note").trim();
  const result = await (
    await api()
  ).POST("/v1/contracts/{contractId}/milestones/{milestoneId}/resolve", {
    params: paramsOf(m),
    body: { favor, ...(note ? { note } : {}) },
  });
  return outcome(
    result,
    favor === "freelancer"
      ? "Resolved for the freelancer: the payout has started."
      : "Resolved for the client: the escrow is refunded.",
  );
}

export async function cancelContract(_: FormState, form: FormData): Promise<FormState> {
  const m = moveOf(form);
  const reason = textOf(form, "reason").trim();
  if (!reason) return { problem: fieldProblem("reason", "is required: say why the contract ends") };
  const result = await (
    await api()
  ).POST("/v1/contracts/{contractId}/cancel", {
    params: { path: { contractId: m.contractId }, header: headerOf(m) },
    body: { reason },
  });
  return outcome(
    result,
    "Contract cancelled: funded work not yet approved goes back to the client's wallet.",
  );
}
