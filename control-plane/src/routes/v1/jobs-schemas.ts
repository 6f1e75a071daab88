import { Type } from "typebox";
import { jobCategorySchema, workspaceTermsInputSchema, workspaceTermsSchema } from "../../jobs/index.js";
import {
  currencySchema,
  label,
  pageQuery,
  pageSchema,
  text,
  uuidSchema,
} from "../../marketplace-schemas/index.js";

export const billingSchema = Type.Enum(["FIXED", "HOURLY"]);
export const jobStateSchema = Type.Enum(["DRAFT", "OPEN", "CLOSED", "FILLED"]);
const durationSchema = Type.Enum([
  "LESS_THAN_WEEK",
  "LESS_THAN_MONTH",
  "ONE_TO_THREE_MONTHS",
  "MORE_THAN_THREE_MONTHS",
]);
const visibilitySchema = Type.Enum(["PUBLIC", "PRIVATE"]);

const minor = Type.Integer({ minimum: 0, maximum: 1e13, description: "Integer minor units (cents)" });

/** A budget range in integer minor units: a fixed price, or an hourly rate for hourly jobs. */
export const budgetSchema = Type.Object(
  { minMinor: minor, maxMinor: minor, currency: currencySchema },
  { additionalProperties: false },
);

/** A skill as typed: its id, name or a synonym ("k8s"); stored as the canonical id. */
const skillTerm = label(60);
const skillsInput = Type.Array(skillTerm, { maxItems: 15, description: "Skill ids, names or synonyms" });

const jobFields = {
  title: label(150),
  description: text(20_000, 1),
  category: jobCategorySchema,
  skills: skillsInput,
  billing: billingSchema,
  budget: budgetSchema,
  duration: durationSchema,
  visibility: Type.Optional(visibilitySchema),
  workspaceTerms: Type.Optional(workspaceTermsInputSchema),
};

export const createJobBody = Type.Object(
  {
    ...jobFields,
    state: Type.Optional(
      Type.Enum(["DRAFT", "OPEN"], { description: "DRAFT (default) or OPEN to publish now" }),
    ),
  },
  { additionalProperties: false },
);

export const updateJobBody = Type.Object(
  {
    title: Type.Optional(jobFields.title),
    description: Type.Optional(jobFields.description),
    category: Type.Optional(jobFields.category),
    skills: Type.Optional(jobFields.skills),
    billing: Type.Optional(jobFields.billing),
    budget: Type.Optional(jobFields.budget),
    duration: Type.Optional(jobFields.duration),
    visibility: jobFields.visibility,
    workspaceTerms: jobFields.workspaceTerms,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const jobParams = Type.Object({ jobId: uuidSchema }, { additionalProperties: false });

export const jobSchema = Type.Object({
  id: uuidSchema,
  clientId: uuidSchema,
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  skills: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  billing: billingSchema,
  budget: budgetSchema,
  duration: durationSchema,
  visibility: visibilitySchema,
  state: jobStateSchema,
  workspaceTerms: workspaceTermsSchema,
  publishedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

export const ownJobsQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Array(jobStateSchema, { maxItems: 4, description: "Only jobs in these states" }),
    ),
    ...pageQuery,
  },
  { additionalProperties: false },
);

export const jobPageSchema = pageSchema(jobSchema);
