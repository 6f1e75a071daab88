// The profiles capability's rows of the authorization matrix.
import { randomBytes } from "node:crypto";
import type { Call, Entry, Outcome } from "./matrix-types.js";
import { everyone, type Caller } from "./matrix-types.js";
import { ensureFreelancerHandle } from "./reviews.js";

const only = (role: "freelancer" | "client"): Record<Caller, Outcome> => ({
  anonymous: 401,
  freelancer: role === "freelancer" ? "ok" : 403,
  client: role === "client" ? "ok" : 403,
  admin: 403,
  auditor: 403,
  service: 403,
});

/** The matrix freelancer keeps the one handle the other rows use. */
async function freelancerHandle(call: Call): Promise<string> {
  return call.caller === "freelancer"
    ? ensureFreelancerHandle(call.ctx)
    : `matrix-${randomBytes(6).toString("hex")}`;
}

const clientProfile = { displayName: "Matrix Client Ltd", company: "Matrix", country: "DE" };

async function ensureClientProfile(call: Call): Promise<void> {
  if (call.caller !== "client") return;
  const saved = await call.ctx.app.inject({
    method: "PUT",
    url: "/v1/me/client-profile",
    headers: call.ctx.users.client.headers,
    payload: clientProfile,
  });
  if (saved.statusCode >= 300) throw new Error(`client profile: ${saved.statusCode} ${saved.body}`);
}

export const profilesMatrix: Record<string, Entry> = {
  "GET /v1/freelancers/:handle": {
    request: (call) => ({ url: `/v1/freelancers/${call.params.handle}` }),
    expect: everyone,
    object: {
      create: async (ctx) => ({ handle: await ensureFreelancerHandle(ctx) }),
      // Public: a stranger reads a profile like anyone else.
      stranger: { role: "client", expect: "ok" },
    },
  },
  "GET /v1/me/freelancer-profile": {
    request: async (call) => {
      if (call.caller === "freelancer") await ensureFreelancerHandle(call.ctx);
      return { url: "/v1/me/freelancer-profile" };
    },
    expect: only("freelancer"),
  },
  "PUT /v1/me/freelancer-profile": {
    request: async (call) => ({
      method: "PUT",
      url: "/v1/me/freelancer-profile",
      payload: {
        handle: await freelancerHandle(call),
        headline: "Matrix freelancer",
        skills: [{ skill: "k8s", level: 4 }],
      },
    }),
    expect: only("freelancer"),
  },
  "GET /v1/clients/:userId": {
    request: (call) => ({ url: `/v1/clients/${call.params.userId}` }),
    expect: everyone,
    object: {
      create: (ctx) => Promise.resolve({ userId: ctx.users.client.userId }),
      stranger: { role: "freelancer", expect: "ok" },
    },
  },
  "GET /v1/me/client-profile": {
    request: async (call) => {
      await ensureClientProfile(call);
      return { url: "/v1/me/client-profile" };
    },
    expect: only("client"),
  },
  "PUT /v1/me/client-profile": {
    request: () => ({ method: "PUT", url: "/v1/me/client-profile", payload: clientProfile }),
    expect: only("client"),
  },
};
