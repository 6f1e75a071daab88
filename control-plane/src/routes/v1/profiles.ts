import { userOf } from "../../access.js";
import type { ControlPlaneConfig } from "../../config.js";
import { unauthenticated } from "../../errors/index.js";
import { problemSchema } from "../../errors/problem-schema.js";
import {
  clientProfileView,
  freelancerProfileView,
  saveClientProfile,
  saveFreelancerProfile,
} from "../../profiles/index.js";
import {
  clientParams,
  clientProfileBody,
  clientProfileSchema,
  freelancerProfileBody,
  freelancerProfileSchema,
  handleParams,
} from "./profile-schemas.js";
import { bearer, type TypedApp } from "./typed-app.js";

const publicRead = { 400: problemSchema, 404: problemSchema, 429: problemSchema };
const ownErrors = { 401: problemSchema, 403: problemSchema, 429: problemSchema };

function callerId(request: Parameters<typeof userOf>[0]): string {
  const user = userOf(request);
  if (!user) throw unauthenticated();
  return user.userId;
}

function freelancerRoutes(app: TypedApp, options: { reviewWindowSeconds: number }): void {
  app.get(
    "/v1/freelancers/:handle",
    {
      config: { access: { public: true } },
      schema: {
        tags: ["profiles"],
        summary: "A freelancer's public profile, with completeness and delivery record",
        params: handleParams,
        response: { ...publicRead, 200: freelancerProfileSchema },
      },
    },
    async (request) => freelancerProfileView(app.prisma, { handle: request.params.handle }, options),
  );

  app.get(
    "/v1/me/freelancer-profile",
    {
      config: { access: { roles: ["freelancer"] } },
      schema: {
        tags: ["profiles"],
        summary: "The caller's freelancer profile (404 until it is created)",
        security: bearer,
        response: { 200: freelancerProfileSchema, 404: problemSchema, ...ownErrors },
      },
    },
    async (request) => freelancerProfileView(app.prisma, { userId: callerId(request) }, options),
  );

  app.put(
    "/v1/me/freelancer-profile",
    {
      config: { access: { roles: ["freelancer"] } },
      schema: {
        tags: ["profiles"],
        summary: "Create or replace the caller's freelancer profile",
        security: bearer,
        body: freelancerProfileBody,
        response: {
          200: freelancerProfileSchema,
          201: freelancerProfileSchema,
          400: problemSchema,
          409: problemSchema,
          ...ownErrors,
        },
      },
    },
    async (request, reply) => {
      const saved = await saveFreelancerProfile(app.prisma, callerId(request), request.body, options);
      return reply.code(saved.created ? 201 : 200).send(saved.profile);
    },
  );
}

function clientRoutes(app: TypedApp, options: { reviewWindowSeconds: number }): void {
  app.get(
    "/v1/clients/:userId",
    {
      config: { access: { public: true } },
      schema: {
        tags: ["profiles"],
        summary: "A client as freelancers see them: profile, jobs posted, hires, reviews as a client",
        params: clientParams,
        response: { ...publicRead, 200: clientProfileSchema },
      },
    },
    async (request) => clientProfileView(app.prisma, request.params.userId, options),
  );

  app.get(
    "/v1/me/client-profile",
    {
      config: { access: { roles: ["client"] } },
      schema: {
        tags: ["profiles"],
        summary: "The caller's client profile (404 until it is created)",
        security: bearer,
        response: { 200: clientProfileSchema, 404: problemSchema, ...ownErrors },
      },
    },
    async (request) => clientProfileView(app.prisma, callerId(request), { ...options, own: true }),
  );

  app.put(
    "/v1/me/client-profile",
    {
      config: { access: { roles: ["client"] } },
      schema: {
        tags: ["profiles"],
        summary: "Create or replace the caller's client profile",
        security: bearer,
        body: clientProfileBody,
        response: {
          200: clientProfileSchema,
          201: clientProfileSchema,
          400: problemSchema,
          ...ownErrors,
        },
      },
    },
    async (request, reply) => {
      const saved = await saveClientProfile(app.prisma, callerId(request), request.body, options);
      return reply.code(saved.created ? 201 : 200).send(saved.profile);
    },
  );
}

/** Freelancer and client profiles (src/profiles/): public reads, the owner writes. */
export async function profilesRoutes(app: TypedApp, config: ControlPlaneConfig): Promise<void> {
  const options = { reviewWindowSeconds: config.REVIEW_WINDOW_SECONDS };
  freelancerRoutes(app, options);
  clientRoutes(app, options);
  return Promise.resolve();
}
