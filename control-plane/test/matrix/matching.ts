// The matching capability's rows of the authorization matrix.
import { insertJob } from "../proposals-fixtures.js";
import type { Caller, Entry, Outcome } from "./matrix-types.js";

const only = (role: "freelancer" | "client"): Record<Caller, Outcome> => ({
  anonymous: 401,
  freelancer: 403,
  client: 403,
  admin: 403,
  auditor: 403,
  service: 403,
  [role]: "ok",
});

export const matchingMatrix: Record<string, Entry> = {
  "GET /v1/jobs/:jobId/matches": {
    request: (call) => ({ method: "GET", url: `/v1/jobs/${call.params.jobId}/matches?limit=5` }),
    expect: only("client"),
    object: {
      // A skill few tests use, so the route does its real work on a small pool.
      create: async (ctx) => ({
        jobId: await insertJob(ctx.app, ctx.users.client.userId, { skillIds: ["soc2"], state: "DRAFT" }),
      }),
      stranger: { role: "client", expect: 404 },
    },
  },
  "GET /v1/me/jobs-for-you": {
    request: () => ({ method: "GET", url: "/v1/me/jobs-for-you?limit=5" }),
    expect: only("freelancer"),
  },
};
