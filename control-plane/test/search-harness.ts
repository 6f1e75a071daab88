// The search tests' app and callers: the real app on the real database, with a client who has hired (a
// completed contract) and one who has not. Every corpus carries a word of its own (see uniqueWord) in each
// title, and every query names it, so other files' rows in the shared database cannot change what a query
// finds.
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { buildTestApp } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { insertContract } from "./jobs-fixtures.js";

export type Hit = {
  id: string;
  title: string;
  snippet: string;
  budget: { minMinor: number; maxMinor: number };
};
export type Facet = { value: string; count: number; label?: string };
export type Result = {
  items: Hit[];
  total: number;
  facets: Record<string, Facet[]>;
  matchedBy: "text" | "similar" | null;
  nextCursor: string | null;
};

export type SearchApp = {
  app: FastifyInstance;
  hiringClient: SignedIn;
  newClient: SignedIn;
  stop: () => Promise<void>;
};

export async function startSearchApp(): Promise<SearchApp> {
  const namespace = rateLimitNamespace("search");
  const app = await buildTestApp({
    RATE_LIMIT_NAMESPACE: namespace,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_AUTHENTICATED_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: "100000",
  });
  const [hiringClient, newClient] = await Promise.all([signUp(app, "client"), signUp(app, "client")]);
  await insertContract(hiringClient.userId, "completed");
  const stop = async (): Promise<void> => {
    await dropKeysUnder(app.redis, namespace);
    await app.close();
  };
  return { app, hiringClient, newClient, stop };
}

/** GET /v1/search/<path> with these parameters (arrays repeat the name); must answer 200. */
export async function searchIn(
  app: FastifyInstance,
  params: Record<string, string | string[]>,
  path = "jobs",
): Promise<Result> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    for (const one of Array.isArray(value) ? value : [value]) query.append(name, one);
  const response = await app.inject({ url: `/v1/search/${path}?${query.toString()}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Result>();
}
