import { userOf } from "../../access.js";
import type { ControlPlaneConfig } from "../../config.js";
import { unauthenticated } from "../../errors/index.js";
import { problemSchema } from "../../errors/problem-schema.js";
import { contractReviews, freelancerReviews, leaveReview } from "../../reviews/index.js";
import { handleParams } from "./profile-schemas.js";
import {
  contractParams,
  contractReviewSchema,
  contractReviewsSchema,
  publicReviewPageSchema,
  reviewBody,
  reviewPageQuery,
} from "./review-schemas.js";
import { bearer, type TypedApp } from "./typed-app.js";

const parties = { roles: ["freelancer", "client"] as const };
const partyErrors = { 401: problemSchema, 403: problemSchema, 404: problemSchema, 429: problemSchema };

function callerId(request: Parameters<typeof userOf>[0]): string {
  const user = userOf(request);
  if (!user) throw unauthenticated();
  return user.userId;
}

/** Reviews (src/reviews/): blind until both parties are in or the window closes. */
export async function reviewsRoutes(app: TypedApp, config: ControlPlaneConfig): Promise<void> {
  const window = config.REVIEW_WINDOW_SECONDS;

  app.post(
    "/v1/contracts/:contractId/reviews",
    {
      config: { access: parties },
      schema: {
        tags: ["reviews"],
        summary: "Review the other party of a completed contract (once, within the review window)",
        security: bearer,
        params: contractParams,
        body: reviewBody,
        response: { 201: contractReviewSchema, 400: problemSchema, 409: problemSchema, ...partyErrors },
      },
    },
    async (request, reply) => {
      const review = await leaveReview(
        app.prisma,
        { ...request.body, contractId: request.params.contractId, authorId: callerId(request) },
        window,
      );
      return reply.code(201).send(review);
    },
  );

  app.get(
    "/v1/contracts/:contractId/reviews",
    {
      config: { access: parties },
      schema: {
        tags: ["reviews"],
        summary: "A contract's reviews as a party sees them: their own, and the other's once visible",
        security: bearer,
        params: contractParams,
        response: { 200: contractReviewsSchema, 400: problemSchema, ...partyErrors },
      },
    },
    async (request) => contractReviews(app.prisma, request.params.contractId, callerId(request), window),
  );

  app.get(
    "/v1/freelancers/:handle/reviews",
    {
      config: { access: { public: true } },
      schema: {
        tags: ["reviews"],
        summary: "Visible reviews of a freelancer, newest first (keyset pages)",
        params: handleParams,
        querystring: reviewPageQuery,
        response: {
          200: publicReviewPageSchema,
          400: problemSchema,
          404: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request) =>
      freelancerReviews(
        app.prisma,
        request.params.handle,
        {
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
          limit: request.query.limit ?? 20,
        },
        window,
      ),
  );
  return Promise.resolve();
}
