import { Type } from "typebox";
import { jobCategorySchema } from "../../jobs/index.js";
import { currencySchema, label, uuidSchema } from "../../marketplace-schemas/index.js";
import { billingSchema } from "./jobs-schemas.js";

const minor = Type.Integer({ minimum: 0, maximum: 1e13, description: "Integer minor units (cents)" });
const skillTerms = Type.Array(label(60), {
  maxItems: 20,
  description: "Any of these skills (ids, names or synonyms); repeat the parameter for more",
});
const availabilitySchema = Type.Enum(["FULL_TIME", "PART_TIME", "NOT_AVAILABLE"]);

const q = Type.String({
  maxLength: 200,
  pattern: "^[^\\u0000-\\u001F\\u007F\\uD800-\\uDFFF]*$",
  description: 'Words to search for: "quoted phrase", -excluded, or',
});

/** A job search's query and filters: the search route's query string, and what a saved search keeps. */
export const jobSearchFilters = {
  q: Type.Optional(q),
  category: Type.Optional(
    Type.Array(jobCategorySchema, { maxItems: 8, description: "Any of these categories" }),
  ),
  skills: Type.Optional(skillTerms),
  billing: Type.Optional(Type.Array(billingSchema, { maxItems: 2 })),
  budgetMin: Type.Optional({ ...minor, description: "Budgets reaching at least this (minor units)" }),
  budgetMax: Type.Optional({ ...minor, description: "Budgets starting at most at this (minor units)" }),
  postedWithin: Type.Optional(Type.Enum(["1d", "3d", "7d", "30d"])),
  clientHistory: Type.Optional(
    Type.Enum(["hired", "new"], { description: "Clients who have hired before, or who have not yet" }),
  ),
  sort: Type.Optional(
    Type.Enum(["relevance", "newest", "budget_high", "budget_low"], {
      description: "Default: relevance with q, newest without",
    }),
  ),
};

export const freelancerSearchFilters = {
  q: Type.Optional(q),
  skills: Type.Optional(skillTerms),
  availability: Type.Optional(Type.Array(availabilitySchema, { maxItems: 3 })),
  rateMin: Type.Optional({ ...minor, description: "Hourly rate at least (minor units)" }),
  rateMax: Type.Optional({ ...minor, description: "Hourly rate at most (minor units)" }),
  sort: Type.Optional(Type.Enum(["relevance", "newest", "rate_high", "rate_low"])),
};

const searchPage = {
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
};

const facetsNote = "The facets to count (default: all); the others come back empty";
const jobFacetNames = Type.Enum(["category", "skills", "billing", "budget", "postedWithin", "clientHistory"]);
const freelancerFacetNames = Type.Enum(["skills", "availability", "rate"]);

export const jobSearchQuery = Type.Object(
  {
    ...jobSearchFilters,
    facets: Type.Optional(Type.Array(jobFacetNames, { maxItems: 6, description: facetsNote })),
    ...searchPage,
  },
  { additionalProperties: false },
);
export const freelancerSearchQuery = Type.Object(
  {
    ...freelancerSearchFilters,
    facets: Type.Optional(Type.Array(freelancerFacetNames, { maxItems: 3, description: facetsNote })),
    ...searchPage,
  },
  { additionalProperties: false },
);

export const autocompleteQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 100, pattern: "^[^\\u0000-\\u001F\\u007F\\uD800-\\uDFFF]*$" }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 8 })),
  },
  { additionalProperties: false },
);

const skillRef = Type.Object({ id: Type.String(), name: Type.String() });

const facetCount = Type.Object({
  value: Type.String(),
  count: Type.Integer(),
  label: Type.Optional(Type.String()),
  minMinor: Type.Optional(Type.Integer()),
  maxMinor: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
});
const facet = Type.Array(facetCount);

const resultFields = {
  total: Type.Integer({ description: "Exact number of results" }),
  matchedBy: Type.Union([Type.Enum(["text", "similar"]), Type.Null()], {
    description: "text: full text; similar: no full-text match, so titles similar to q (typos); null: no q",
  }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
};

export const jobHitSchema = Type.Object({
  id: uuidSchema,
  title: Type.String(),
  snippet: Type.String(),
  category: Type.String(),
  skills: Type.Array(skillRef),
  billing: billingSchema,
  budget: Type.Object({ minMinor: Type.Integer(), maxMinor: Type.Integer(), currency: currencySchema }),
  publishedAt: Type.String({ format: "date-time" }),
  client: Type.Object({
    id: uuidSchema,
    displayName: Type.String(),
    country: Type.String(),
    hires: Type.Integer({ description: "Contracts this client has had active or completed" }),
  }),
});

export const jobSearchResultSchema = Type.Object({
  items: Type.Array(jobHitSchema),
  facets: Type.Object({
    category: facet,
    skills: facet,
    billing: facet,
    budget: facet,
    postedWithin: facet,
    clientHistory: facet,
  }),
  ...resultFields,
});

export const freelancerHitSchema = Type.Object({
  userId: uuidSchema,
  handle: Type.String(),
  headline: Type.String(),
  snippet: Type.String(),
  skills: Type.Array(skillRef),
  hourlyRate: Type.Union([
    Type.Object({ amountMinor: Type.Integer(), currency: Type.String() }),
    Type.Null(),
  ]),
  availability: availabilitySchema,
  timezone: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
});

export const freelancerSearchResultSchema = Type.Object({
  items: Type.Array(freelancerHitSchema),
  facets: Type.Object({ skills: facet, availability: facet, rate: facet }),
  ...resultFields,
});

export const autocompleteSchema = Type.Object({
  jobs: Type.Array(Type.Object({ id: uuidSchema, title: Type.String() })),
  skills: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), category: Type.String() })),
});
