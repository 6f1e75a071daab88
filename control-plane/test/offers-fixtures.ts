// Offers for the offers tests and the authorization matrix: a proposal (rows, as the proposals route would
// store them) on a fresh job, an offer on it made through the API as its job's owner would, and the small
// request helpers the offers tests share.
import { liveStreamKey } from "@skillpod/live-events";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { SignedIn } from "./callers.js";
import { insertJob, insertProposal } from "./proposals-fixtures.js";

export type OfferView = {
  id: string;
  proposalId: string;
  job: { id: string; title: string };
  client: { userId: string; displayName: string };
  freelancer: { userId: string; displayName: string };
  title: string;
  billing: "FIXED" | "HOURLY";
  hourlyRate: { amountMinor: number; currency: string } | null;
  weeklyLimitMinutes: number | null;
  milestones: {
    id: string;
    position: number;
    title: string;
    amount: { amountMinor: number; currency: string };
    dueAt: string | null;
  }[];
  total: { amountMinor: number; currency: string };
  workspaceTerms: Record<string, unknown>;
  message: string;
  state: string;
  declineReason: string | null;
  expiresAt: string;
  contractId: string | null;
};

/** A submitted $1,000 proposal of `freelancerId` on a new open job of `clientId` (no skills: it matches nobody). */
export async function proposalOn(
  app: FastifyInstance,
  clientId: string,
  freelancerId: string,
): Promise<string> {
  const jobId = await insertJob(app, clientId, { skillIds: [] });
  return insertProposal(app, jobId, freelancerId);
}

export function offerRequest(
  app: FastifyInstance,
  client: SignedIn,
  proposalId: string,
  body: Record<string, unknown> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: `/v1/proposals/${proposalId}/offers`,
    headers: client.headers,
    payload: body,
  });
}

/** An offer made through the API, failing the test on anything but 201. */
export async function makeOffer(
  app: FastifyInstance,
  client: SignedIn,
  proposalId: string,
  body: Record<string, unknown> = {},
): Promise<OfferView> {
  const response = await offerRequest(app, client, proposalId, body);
  if (response.statusCode !== 201) throw new Error(`make offer: ${response.statusCode} ${response.body}`);
  return response.json<OfferView>();
}

/** Rate limits no test here reaches, under a namespace of the file's own. */
export const roomy = (namespace: string): Record<string, string> => ({
  RATE_LIMIT_NAMESPACE: namespace,
  RATE_LIMIT_DEFAULT_PER_MINUTE: "100000",
  RATE_LIMIT_AUTHENTICATED_PER_MINUTE: "100000",
  RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
  RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
});

export const usd = (amountMinor: number): { amountMinor: number; currency: string } => ({
  amountMinor,
  currency: "USD",
});

export const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

export function send(
  app: FastifyInstance,
  who: SignedIn,
  request: { method: "GET" | "POST"; url: string; payload?: Record<string, unknown> },
): Promise<LightMyRequestResponse> {
  const { payload, ...rest } = request;
  return app.inject({ ...rest, headers: who.headers, ...(payload ? { payload } : {}) });
}

/** The answer's body, after checking its status (the body is the failure message). */
export async function ok<T>(response: Promise<LightMyRequestResponse>, status = 200): Promise<T> {
  const answer = await response;
  expect(answer.statusCode, answer.body).toBe(status);
  return answer.json<T>();
}

/** The data of the live events of one type that a user's stream holds, oldest first. */
export async function liveEvents(
  app: FastifyInstance,
  userId: string,
  type: string,
): Promise<Record<string, unknown>[]> {
  const entries = await app.redis.xrange(liveStreamKey(userId), "-", "+");
  return entries
    .map(([, fields]) => JSON.parse(fields[1] ?? "{}") as { type: string; data: Record<string, unknown> })
    .filter((event) => event.type === type)
    .map((event) => event.data);
}
