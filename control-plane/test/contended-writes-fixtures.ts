// Requests and bodies for the tests of contended writes (contended-writes, audit-backlog): the bodies the
// fuzzer sent when a loaded run got 500s from PUT /v1/me/freelancer-profile and PATCH /v1/proposals/{id}.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect } from "vitest";
import { buildTestApp } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { insertJob, retire } from "./proposals-fixtures.js";

export const usd = (amountMinor: number): { amountMinor: number; currency: string } => ({
  amountMinor,
  currency: "USD",
});
export const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();
export const newHandle = (): string => `cw-${randomUUID().slice(0, 12)}`;

/** The fuzzer's valid profile body, word for word but for the handle. */
export const profileBody = (handle: string): Record<string, unknown> => ({
  handle,
  headline: "sample",
  bio: "sample",
  skills: [],
  hourlyRate: usd(0),
  availability: "FULL_TIME",
  timezone: "Europe/Paris",
  portfolioLinks: [],
});

/** The fuzzer's proposal edit: a bid of 1 minor unit in one milestone of 1. */
export const editBody = (dueAt = inDays(30)): Record<string, unknown> => ({
  coverLetter: "sample",
  bid: usd(1),
  milestones: [{ title: "sample", amount: usd(1), dueAt }],
});

export function saveProfile(
  app: FastifyInstance,
  who: SignedIn,
  body: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: "PUT", url: "/v1/me/freelancer-profile", headers: who.headers, payload: body });
}

export function editProposal(
  app: FastifyInstance,
  who: Pick<SignedIn, "headers">,
  id: string,
  body: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: "PATCH", url: `/v1/proposals/${id}`, headers: who.headers, payload: body });
}

/** A job of `client` and the author's submitted proposal for it (bid 2, one milestone of 2). */
export async function proposalOn(
  app: FastifyInstance,
  client: SignedIn,
  billing: "FIXED" | "HOURLY",
  author: SignedIn,
): Promise<{ jobId: string; id: string }> {
  const jobId = await insertJob(app, client.userId, { billing });
  const posted = await app.inject({
    method: "POST",
    url: `/v1/jobs/${jobId}/proposals`,
    headers: author.headers,
    payload: { coverLetter: "First go", bid: usd(2), milestones: [{ title: "All", amount: usd(2) }] },
  });
  expect(posted.statusCode, posted.body).toBe(201);
  return { jobId, id: posted.json<{ id: string }>().id };
}

/** Statuses with their counts ("201×1 409×19"), with the body of anything 5xx. */
export function tally(responses: LightMyRequestResponse[]): string {
  const counts = new Map<number, number>();
  for (const r of responses) counts.set(r.statusCode, (counts.get(r.statusCode) ?? 0) + 1);
  const failed = responses.filter((r) => r.statusCode >= 500).map((r) => r.body);
  return [
    [...counts]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(" "),
    ...failed,
  ].join("\n");
}

export const times = <T>(n: number, make: () => Promise<T>): Promise<T[]> =>
  Promise.all(Array.from({ length: n }, make));

export type ContendedWritesApp = {
  readonly app: FastifyInstance;
  /** What the tests made, retired after them. */
  readonly made: { profiles: string[]; jobs: string[] };
  readonly client: SignedIn;
  saveProfile: (who: SignedIn, body: Record<string, unknown>) => Promise<LightMyRequestResponse>;
  editProposal: (
    who: Pick<SignedIn, "headers">,
    id: string,
    body: Record<string, unknown>,
  ) => Promise<LightMyRequestResponse>;
  proposalOn: (billing: "FIXED" | "HOURLY", author: SignedIn) => Promise<string>;
};

/** A test app with rate limits out of the way and a client; the profiles and jobs made are retired after. */
export function useContendedWritesApp(name: string): ContendedWritesApp {
  const namespace = rateLimitNamespace(name);
  const made = { profiles: [] as string[], jobs: [] as string[] };
  let app: FastifyInstance | undefined;
  let client: SignedIn | undefined;
  const unlimited = "100000";
  beforeAll(async () => {
    app = await buildTestApp({
      RATE_LIMIT_NAMESPACE: namespace,
      RATE_LIMIT_DEFAULT_PER_MINUTE: unlimited,
      RATE_LIMIT_AUTHENTICATED_PER_MINUTE: unlimited,
      RATE_LIMIT_PUBLIC_PER_MINUTE: unlimited,
      RATE_LIMIT_LOGIN_PER_MINUTE: unlimited,
    });
    client = await signUp(app, "client");
  });
  afterAll(async () => {
    if (!app) return;
    await retire(app, made);
    await dropKeysUnder(app.redis, namespace);
    await app.close();
  });
  const started = (): FastifyInstance => {
    if (!app) throw new Error("the test app has not started");
    return app;
  };
  return {
    made,
    get app(): FastifyInstance {
      return started();
    },
    get client(): SignedIn {
      if (!client) throw new Error("the client has not signed up");
      return client;
    },
    saveProfile: (who, body) => {
      made.profiles.push(who.userId);
      return saveProfile(started(), who, body);
    },
    editProposal: (who, id, body) => editProposal(started(), who, id, body),
    proposalOn: async (billing, author) => {
      const { jobId, id } = await proposalOn(started(), signedUpClient(), billing, author);
      made.jobs.push(jobId);
      return id;
    },
  };
  function signedUpClient(): SignedIn {
    if (!client) throw new Error("the client has not signed up");
    return client;
  }
}
