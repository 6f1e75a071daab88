// The reviews capability's rows of the authorization matrix, and the contract rows reviews need (inserted
// as the workers insert them, until the contracts API exists).
import { stackEnv } from "@skillpod/testkit";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Entry, MatrixContext } from "./matrix-types.js";

export type MilestoneRow = {
  state?: string;
  dueAt?: Date | null;
  submittedAt?: Date | null;
};

export type ContractRow = {
  clientId: string;
  freelancerId: string;
  /** Contract state as the workers write it; "completed" by default. */
  state?: string;
  /** Backdates completion (the trigger stamps now() otherwise). */
  completedAt?: Date;
  title?: string;
  milestones?: MilestoneRow[];
};

let pool: pg.Pool | undefined;

function owner(): pg.Pool {
  pool ??= new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 2, allowExitOnIdle: true });
  return pool;
}

export async function closeContractRows(): Promise<void> {
  const open = pool;
  pool = undefined;
  await open?.end();
}

/** A contract (and its milestones) between two users, inserted as the owner role; returns its id. */
export async function insertContract(row: ContractRow): Promise<string> {
  const id = `c_${randomBytes(8).toString("hex")}`;
  await owner().query(
    `INSERT INTO contracts (id, workflow_id, client_id, freelancer_id, title, currency, platform_fee_bps, state,
       completed_at)
     VALUES ($1, $2, $3, $4, $5, 'USD', 1000, $6, $7)`,
    [
      id,
      `contract-${id}`,
      row.clientId,
      row.freelancerId,
      row.title ?? "Test contract",
      row.state ?? "completed",
      row.completedAt ?? null,
    ],
  );
  for (const [position, m] of (row.milestones ?? []).entries()) {
    await owner().query(
      `INSERT INTO milestones (id, contract_id, position, title, amount_minor, due_at, state, submitted_at)
       VALUES ($1, $2, $3, $4, 10000, $5, $6, $7)`,
      [
        `m_${randomBytes(8).toString("hex")}`,
        id,
        position,
        `Milestone ${position + 1}`,
        m.dueAt ?? null,
        m.state ?? "approved",
        m.submittedAt ?? null,
      ],
    );
  }
  return id;
}

/** A completed contract between the matrix's freelancer and client. */
const completedContract = async (ctx: MatrixContext): Promise<Record<string, string>> => ({
  contractId: await insertContract({
    clientId: ctx.users.client.userId,
    freelancerId: ctx.users.freelancer.userId,
  }),
});

const parties = {
  anonymous: 401,
  freelancer: "ok",
  client: "ok",
  admin: 403,
  auditor: 403,
  service: 403,
} as const;

export const reviewsMatrix: Record<string, Entry> = {
  "POST /v1/contracts/:contractId/reviews": {
    request: (call) => ({
      method: "POST",
      url: `/v1/contracts/${call.params.contractId}/reviews`,
      payload: { rating: 5, body: "Clear brief, paid on time." },
    }),
    expect: parties,
    object: { create: completedContract, stranger: { role: "client", expect: 404 } },
  },
  "GET /v1/contracts/:contractId/reviews": {
    request: (call) => ({ url: `/v1/contracts/${call.params.contractId}/reviews` }),
    expect: parties,
    object: { create: completedContract, stranger: { role: "freelancer", expect: 404 } },
  },
  "GET /v1/freelancers/:handle/reviews": {
    request: (call) => ({ url: `/v1/freelancers/${call.params.handle}/reviews` }),
    expect: {
      anonymous: "ok",
      freelancer: "ok",
      client: "ok",
      admin: "ok",
      auditor: "ok",
      service: "ok",
    },
    // Public: a stranger reads it like anyone else.
    object: {
      create: async (ctx) => ({ handle: await ensureFreelancerHandle(ctx) }),
      stranger: { role: "client", expect: "ok" },
    },
  },
};

const handles = new WeakMap<MatrixContext, string>();

/** The matrix freelancer's profile handle, creating the profile once per matrix run. */
export async function ensureFreelancerHandle(ctx: MatrixContext): Promise<string> {
  const known = handles.get(ctx);
  if (known) return known;
  const handle = `matrix-${randomBytes(6).toString("hex")}`;
  const saved = await ctx.app.inject({
    method: "PUT",
    url: "/v1/me/freelancer-profile",
    headers: ctx.users.freelancer.headers,
    payload: { handle, headline: "Matrix freelancer" },
  });
  if (saved.statusCode >= 300) throw new Error(`freelancer profile: ${saved.statusCode} ${saved.body}`);
  handles.set(ctx, handle);
  return handle;
}
