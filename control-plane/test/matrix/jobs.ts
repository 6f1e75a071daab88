// The jobs capability's rows of the authorization matrix.
import type { Entry, MatrixContext, Outcome } from "./matrix-types.js";
import { type Caller } from "./matrix-types.js";

type MadeState = "DRAFT" | "OPEN" | "CLOSED";

export const matrixJobBody = {
  title: "Matrix job: Kubernetes operator review",
  description: "A job the authorization matrix posts.",
  category: "devops",
  skills: ["k8s"],
  billing: "FIXED",
  budget: { minMinor: 10_000, maxMinor: 50_000, currency: "USD" },
  duration: "LESS_THAN_MONTH",
};

/** A job of the matrix client (ctx.users.client), in `state`, made through the API; returns its id. */
export async function createMatrixJob(ctx: MatrixContext, state: MadeState = "DRAFT"): Promise<string> {
  const headers = ctx.users.client.headers;
  const created = await ctx.app.inject({
    method: "POST",
    url: "/v1/jobs",
    headers,
    payload: { ...matrixJobBody, state: state === "DRAFT" ? "DRAFT" : "OPEN" },
  });
  if (created.statusCode !== 201) throw new Error(`job: ${created.statusCode} ${created.body}`);
  const jobId = created.json<{ id: string }>().id;
  if (state === "CLOSED") {
    const closed = await ctx.app.inject({ method: "POST", url: `/v1/jobs/${jobId}/close`, headers });
    if (closed.statusCode !== 200) throw new Error(`close: ${closed.statusCode} ${closed.body}`);
  }
  return jobId;
}

const clientsOnly: Record<Caller, Outcome> = {
  anonymous: 401,
  freelancer: 403,
  client: "ok",
  admin: 403,
  auditor: 403,
  service: 403,
};

/** A route of the job's owner: the matrix client may, another client gets 404 (no existence oracle). */
const ownerRoute = (method: "PATCH" | "POST", suffix: string, state: MadeState, payload?: object): Entry => ({
  request: (call) => ({
    method,
    url: `/v1/jobs/${call.params.jobId}${suffix}`,
    ...(payload ? { payload } : {}),
  }),
  expect: clientsOnly,
  object: {
    create: async (ctx) => ({ jobId: await createMatrixJob(ctx, state) }),
    stranger: { role: "client", expect: 404 },
  },
});

export const jobsMatrix: Record<string, Entry> = {
  "POST /v1/jobs": {
    request: () => ({ method: "POST", url: "/v1/jobs", payload: matrixJobBody }),
    expect: clientsOnly,
  },
  // A draft: only its client sees it; everyone else, signed in or not, gets the 404 of a missing job.
  "GET /v1/jobs/:jobId": {
    request: (call) => ({ url: `/v1/jobs/${call.params.jobId}` }),
    expect: { anonymous: 404, freelancer: 404, client: "ok", admin: 404, auditor: 404, service: 404 },
    object: {
      create: async (ctx) => ({ jobId: await createMatrixJob(ctx, "DRAFT") }),
      stranger: { role: "client", expect: 404 },
    },
  },
  "PATCH /v1/jobs/:jobId": ownerRoute("PATCH", "", "DRAFT", { title: "Matrix job, edited" }),
  "POST /v1/jobs/:jobId/open": ownerRoute("POST", "/open", "DRAFT"),
  "POST /v1/jobs/:jobId/close": ownerRoute("POST", "/close", "OPEN"),
  "POST /v1/jobs/:jobId/reopen": ownerRoute("POST", "/reopen", "CLOSED"),
  "POST /v1/jobs/:jobId/fill": ownerRoute("POST", "/fill", "OPEN"),
  "GET /v1/me/jobs": { request: () => ({ url: "/v1/me/jobs?limit=5" }), expect: clientsOnly },
};
