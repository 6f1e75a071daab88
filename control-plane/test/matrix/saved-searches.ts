// The saved-searches capability's rows of the authorization matrix. A saved search belongs to one user (here
// the matrix freelancer); everyone else signed in gets the 404 of a missing one.
import { anyUser, type Caller, type Entry, type MatrixContext, type Outcome } from "./matrix-types.js";

const savedSearchBody = {
  name: "Matrix: Kubernetes jobs",
  kind: "JOBS",
  query: { q: "kubernetes", skills: ["k8s"] },
};

async function createSavedSearch(ctx: MatrixContext): Promise<string> {
  const created = await ctx.app.inject({
    method: "POST",
    url: "/v1/saved-searches",
    headers: ctx.users.freelancer.headers,
    payload: savedSearchBody,
  });
  if (created.statusCode !== 201) throw new Error(`saved search: ${created.statusCode} ${created.body}`);
  return created.json<{ id: string }>().id;
}

const ownerOnly: Record<Caller, Outcome> = { ...anyUser, client: 404, admin: 404, auditor: 404 };

const ownRoute = (method: "GET" | "DELETE" | "POST", suffix = ""): Entry => ({
  request: (call) => ({ method, url: `/v1/saved-searches/${call.params.savedSearchId}${suffix}` }),
  expect: ownerOnly,
  object: {
    create: async (ctx) => ({ savedSearchId: await createSavedSearch(ctx) }),
    stranger: { role: "freelancer", expect: 404 },
  },
});

export const savedSearchesMatrix: Record<string, Entry> = {
  "GET /v1/saved-searches": { request: () => ({ url: "/v1/saved-searches?limit=5" }), expect: anyUser },
  "POST /v1/saved-searches": {
    request: () => ({ method: "POST", url: "/v1/saved-searches", payload: savedSearchBody }),
    expect: anyUser,
  },
  "GET /v1/saved-searches/:savedSearchId": ownRoute("GET"),
  "DELETE /v1/saved-searches/:savedSearchId": ownRoute("DELETE"),
  "POST /v1/saved-searches/:savedSearchId/seen": ownRoute("POST", "/seen"),
};
