import { Type } from "typebox";
import { problemSchema } from "../../errors/problem-schema.js";
import {
  createSavedSearch,
  deleteSavedSearch,
  listSavedSearches,
  markSavedSearchSeen,
  readSavedSearch,
} from "../../saved-searches/index.js";
import { createSearchEngine } from "../../search/index.js";
import {
  newSavedSearchBody,
  savedSearchListQuery,
  savedSearchPageSchema,
  savedSearchParams,
  savedSearchSchema,
} from "./saved-searches-schemas.js";
import { type TypedApp, bearer, callerId, signedIn } from "./typed-app.js";

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const ownErrors = { ...errors, 404: problemSchema };

/** Saved searches (src/saved-searches/): each user's own; anyone else's is as missing as none. */
export async function savedSearchesRoutes(app: TypedApp): Promise<void> {
  const engine = createSearchEngine(app.prisma);

  app.get(
    "/v1/saved-searches",
    {
      config: { access: signedIn },
      schema: {
        tags: ["saved searches"],
        summary: "Your saved searches, newest first, each with how many results are new since you looked",
        security: bearer,
        querystring: savedSearchListQuery,
        response: { 200: savedSearchPageSchema, ...errors },
      },
    },
    async (request) =>
      listSavedSearches(
        app.prisma,
        callerId(request),
        { cursor: request.query.cursor, limit: request.query.limit ?? 20 },
        engine,
      ),
  );

  app.post(
    "/v1/saved-searches",
    {
      config: { access: signedIn },
      schema: {
        tags: ["saved searches"],
        summary: "Save a job or freelancer search (the search route's query and filters)",
        security: bearer,
        body: newSavedSearchBody,
        response: { 201: savedSearchSchema, ...errors, 409: problemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createSavedSearch(app.prisma, callerId(request), request.body, engine)),
  );

  app.get(
    "/v1/saved-searches/:savedSearchId",
    {
      config: { access: signedIn },
      schema: {
        tags: ["saved searches"],
        summary: "One of your saved searches, with how many results are new since you looked",
        security: bearer,
        params: savedSearchParams,
        response: { 200: savedSearchSchema, ...ownErrors },
      },
    },
    async (request) => readSavedSearch(app.prisma, request.params.savedSearchId, callerId(request), engine),
  );

  app.delete(
    "/v1/saved-searches/:savedSearchId",
    {
      config: { access: signedIn },
      schema: {
        tags: ["saved searches"],
        summary: "Delete one of your saved searches",
        security: bearer,
        params: savedSearchParams,
        response: { 204: Type.Null({ description: "Deleted" }), ...ownErrors },
      },
    },
    async (request, reply) => {
      await deleteSavedSearch(app.prisma, request.params.savedSearchId, callerId(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/v1/saved-searches/:savedSearchId/seen",
    {
      config: { access: signedIn },
      schema: {
        tags: ["saved searches"],
        summary: "Mark a saved search's results as seen now (its new count goes back to 0)",
        security: bearer,
        params: savedSearchParams,
        response: { 200: savedSearchSchema, ...ownErrors },
      },
    },
    async (request) =>
      markSavedSearchSeen(app.prisma, request.params.savedSearchId, callerId(request), engine),
  );
  return Promise.resolve();
}
