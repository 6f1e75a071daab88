import { problemSchema } from "../../errors/problem-schema.js";
import { createSearchEngine, freelancerSearchOf, jobSearchOf } from "../../search/index.js";
import {
  autocompleteQuery,
  autocompleteSchema,
  freelancerSearchQuery,
  freelancerSearchResultSchema,
  jobSearchQuery,
  jobSearchResultSchema,
} from "./search-schemas.js";
import type { TypedApp } from "./typed-app.js";

const publicAccess = { public: true as const };
const errors = { 400: problemSchema, 429: problemSchema };

/** Search (src/search/): public job and freelancer search with facets, and autocomplete. */
export async function searchRoutes(app: TypedApp): Promise<void> {
  const engine = createSearchEngine(app.prisma);

  app.get(
    "/v1/search/jobs",
    {
      config: { access: publicAccess },
      schema: {
        tags: ["search"],
        summary: "Search open jobs: full text with typo fallback, filters, facets, keyset pages",
        querystring: jobSearchQuery,
        response: { 200: jobSearchResultSchema, ...errors },
      },
    },
    async (request) => engine.searchJobs(await jobSearchOf(app.prisma, request.query)),
  );

  app.get(
    "/v1/search/freelancers",
    {
      config: { access: publicAccess },
      schema: {
        tags: ["search"],
        summary: "Search freelancers: full text over headline, skills and bio, filters, facets, keyset pages",
        querystring: freelancerSearchQuery,
        response: { 200: freelancerSearchResultSchema, ...errors },
      },
    },
    async (request) => engine.searchFreelancers(await freelancerSearchOf(app.prisma, request.query)),
  );

  app.get(
    "/v1/search/autocomplete",
    {
      config: { access: publicAccess },
      schema: {
        tags: ["search"],
        summary: "Suggestions while typing: open job titles (from 3 characters) and skills",
        querystring: autocompleteQuery,
        response: { 200: autocompleteSchema, ...errors },
      },
    },
    async (request) => engine.autocomplete(request.query.q, request.query.limit ?? 8),
  );
  return Promise.resolve();
}
