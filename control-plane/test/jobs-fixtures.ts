// Jobs for the jobs, search and saved-searches tests, posted through the API as a real client would, and a
// word no other test uses, so that a search for it sees only this file's rows in a shared database.
import { stackEnv } from "@skillpod/testkit";
import type { FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { SignedIn } from "./callers.js";

/** A word no dictionary and no other test has (letters only, so the english stemmer keeps it whole). */
export function uniqueWord(): string {
  const letters = "bcdfghjklmnpqrstvwxz";
  return `zq${[...randomBytes(8)].map((b) => letters[b % letters.length]).join("")}`;
}

export type JobFields = {
  title: string;
  description?: string;
  category?: string;
  skills?: string[];
  billing?: "FIXED" | "HOURLY";
  budget?: { minMinor: number; maxMinor: number; currency?: string };
  duration?: string;
  visibility?: "PUBLIC" | "PRIVATE";
  workspaceTerms?: Record<string, unknown>;
  state?: "DRAFT" | "OPEN";
};

export function jobBody(fields: JobFields): Record<string, unknown> {
  return {
    description: "A job a test posted.",
    category: "devops",
    skills: [],
    billing: "FIXED",
    duration: "LESS_THAN_MONTH",
    ...fields,
    budget: { currency: "USD", ...(fields.budget ?? { minMinor: 10_000, maxMinor: 50_000 }) },
  };
}

export type PostedJob = { id: string; state: string; publishedAt: string | null } & Record<string, unknown>;

/** Posts a job as `client` (open unless told), failing the test on anything but 201. */
export async function postJob(app: FastifyInstance, client: SignedIn, fields: JobFields): Promise<PostedJob> {
  const response = await app.inject({
    method: "POST",
    url: "/v1/jobs",
    headers: client.headers,
    payload: jobBody({ state: "OPEN", ...fields }),
  });
  if (response.statusCode !== 201) throw new Error(`post job: ${response.statusCode} ${response.body}`);
  return response.json<PostedJob>();
}

/** A query as the database owner (test setup the API has no route for, such as backdating). */
export async function asOwner<T extends pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: stackEnv("TEST_DATABASE_URL") });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A contract of `clientId` in `state`, as the contracts workflow would write it (client history facet). */
export async function insertContract(clientId: string, state: string): Promise<void> {
  const id = `c_${randomBytes(8).toString("hex")}`;
  await asOwner(
    `INSERT INTO contracts (id, workflow_id, client_id, freelancer_id, title, currency, platform_fee_bps, state)
     VALUES ($1, $2, $3, $4, 'A test contract', 'USD', 1000, $5)`,
    [id, `wf-${id}`, clientId, `f_${randomBytes(4).toString("hex")}`, state],
  );
}
