import { Type } from "typebox";
import { label, pageQuery, pageSchema, uuidSchema } from "../../marketplace-schemas/index.js";
import { freelancerSearchFilters, jobSearchFilters } from "./search-schemas.js";

// A saved search keeps the query and filters exactly as the search routes take them (same schemas), without
// the page (cursor, limit).

const jobFilters = Type.Object(jobSearchFilters, { additionalProperties: false });
const freelancerFilters = Type.Object(freelancerSearchFilters, { additionalProperties: false });
const name = label(100);

export const newSavedSearchBody = Type.Union([
  Type.Object(
    { name, kind: Type.Literal("JOBS"), query: jobFilters },
    { additionalProperties: false, title: "Saved job search" },
  ),
  Type.Object(
    { name, kind: Type.Literal("FREELANCERS"), query: freelancerFilters },
    { additionalProperties: false, title: "Saved freelancer search" },
  ),
]);

export const savedSearchParams = Type.Object({ savedSearchId: uuidSchema }, { additionalProperties: false });

export const savedSearchSchema = Type.Object({
  id: uuidSchema,
  name: Type.String(),
  kind: Type.Enum(["JOBS", "FREELANCERS"]),
  query: Type.Union([jobFilters, freelancerFilters], { description: "Skills as canonical ids" }),
  lastSeenAt: Type.String({ format: "date-time" }),
  createdAt: Type.String({ format: "date-time" }),
  newSinceLastSeen: Type.Integer({
    description: "Jobs published (freelancer profiles created) since lastSeenAt that match",
  }),
});

export const savedSearchListQuery = Type.Object(
  { ...pageQuery, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })) },
  { additionalProperties: false },
);

export const savedSearchPageSchema = pageSchema(savedSearchSchema);
