import type { ControlPlaneConfig } from "../../config.js";
import {
  acceptOffer,
  announceOffer,
  listOffers,
  makeOffer,
  moveOffer,
  offerFor,
  offerView,
  type OfferMove,
} from "../../offers/index.js";
import {
  declineOfferBody,
  offerBody,
  offerIdParams,
  offerListQuery,
  offerPageSchema,
  offerSchema,
  proposalIdParams,
} from "./offer-schemas.js";
import { limitOf } from "./proposal-schemas.js";
import { type TypedApp, bearer, callerId, clients, errors, freelancers, signedIn } from "./typed-app.js";

const tags = ["offers"];

function makeRoute(app: TypedApp, config: ControlPlaneConfig): void {
  app.post(
    "/v1/proposals/:proposalId/offers",
    {
      config: { access: clients },
      schema: {
        tags,
        summary:
          "Make an offer from a proposal (the job's owner): its terms, as edited, become the contract's",
        security: bearer,
        params: proposalIdParams,
        body: offerBody,
        response: { 201: offerSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const offer = await makeOffer(app.prisma, callerId(request), request.params.proposalId, {
        input: request.body,
        ttlSeconds: config.OFFER_TTL_SECONDS,
      });
      request.log.info({ offerId: offer.id }, `Made offer ${offer.id} on proposal ${offer.proposalId}`);
      await announceOffer(app, offer, "made");
      return reply.code(201).send(offer);
    },
  );
}

function readRoutes(app: TypedApp): void {
  app.get(
    "/v1/offers",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "The caller's offers, made (as a client) or received (as a freelancer), newest first",
        security: bearer,
        querystring: offerListQuery,
        response: { 200: offerPageSchema, ...errors(400, 401, 422) },
      },
    },
    async (request) =>
      listOffers(app.prisma, callerId(request), {
        ...request.query,
        limit: limitOf(request.query.limit, 100),
      }),
  );

  app.get(
    "/v1/offers/:offerId",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "An offer (its two parties only)",
        security: bearer,
        params: offerIdParams,
        response: { 200: offerSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => offerView((await offerFor(app.prisma, callerId(request), request.params.offerId)).row),
  );
}

function acceptRoute(app: TypedApp, config: ControlPlaneConfig): void {
  app.post(
    "/v1/offers/:offerId/accept",
    {
      config: { access: freelancers },
      schema: {
        tags,
        summary:
          "Accept an offer (its freelancer): starts the contract c-<offer id>. Idempotent: a retry returns the same contract",
        security: bearer,
        params: offerIdParams,
        response: { 200: offerSchema, ...errors(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const offer = await acceptOffer(
        { db: app.prisma, contracts: app.contracts, log: request.log },
        callerId(request),
        request.params.offerId,
        config.PLATFORM_FEE_BPS,
      );
      await announceOffer(app, offer, "accepted");
      return offer;
    },
  );
}

const moves: { path: string; summary: string; access: typeof freelancers | typeof clients }[] = [
  {
    path: "decline",
    summary: "Decline a pending offer (its freelancer), with an optional reason",
    access: freelancers,
  },
  { path: "withdraw", summary: "Withdraw a pending offer (the client who made it)", access: clients },
];

function moveRoutes(app: TypedApp): void {
  for (const move of moves)
    app.post(
      `/v1/offers/:offerId/${move.path}`,
      {
        config: { access: move.access },
        schema: {
          tags,
          summary: move.summary,
          security: bearer,
          params: offerIdParams,
          ...(move.path === "decline" ? { body: declineOfferBody } : {}),
          response: { 200: offerSchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const body = request.body as { reason?: string } | undefined;
        const to: OfferMove =
          move.path === "decline"
            ? { to: "DECLINED", ...(body?.reason === undefined ? {} : { reason: body.reason }) }
            : { to: "WITHDRAWN" };
        const offer = await moveOffer(app.prisma, callerId(request), request.params.offerId, to);
        request.log.info({ offerId: offer.id }, `Moved offer ${offer.id} to ${offer.state.toLowerCase()}`);
        await announceOffer(app, offer, move.path === "decline" ? "declined" : "withdrawn");
        return offer;
      },
    );
}

/** Routes of the offers capability (src/offers/): from a proposal to a hire. */
export async function offersRoutes(app: TypedApp, config: ControlPlaneConfig): Promise<void> {
  makeRoute(app, config);
  readRoutes(app);
  acceptRoute(app, config);
  moveRoutes(app);
  return Promise.resolve();
}
