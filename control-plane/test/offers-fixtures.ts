// Offers for the offers tests and the authorization matrix: a proposal (rows, as the proposals route would
// store them) on a fresh job, and an offer on it made through the API as its job's owner would.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
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
