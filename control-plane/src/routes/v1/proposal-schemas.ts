import { Type } from "typebox";
import {
  currencySchema,
  label,
  moneySchema,
  pageQuery,
  pageSchema,
  text,
  uuidSchema,
} from "../../marketplace-schemas/index.js";
import { proposalStates } from "../../proposals/index.js";
import { validationFailed } from "../../errors/index.js";

export const jobIdParams = Type.Object({ jobId: uuidSchema }, { additionalProperties: false });
export const proposalIdParams = Type.Object({ proposalId: uuidSchema }, { additionalProperties: false });

/** A bid or a milestone amount: more than nothing. */
const positiveMoney = Type.Object(
  { amountMinor: Type.Integer({ minimum: 1, maximum: 1e13 }), currency: currencySchema },
  { additionalProperties: false },
);

const milestoneInput = Type.Object(
  {
    title: label(200),
    amount: positiveMoney,
    dueAt: Type.Optional(
      Type.Union([Type.String({ format: "date-time", maxLength: 40 }), Type.Null()], {
        description: "In the future",
      }),
    ),
  },
  { additionalProperties: false },
);

const milestonesInput = Type.Array(milestoneInput, {
  minItems: 1,
  maxItems: 20,
  description: "In the bid's currency; on a fixed-price job they add up to the bid",
});

export const proposalBody = Type.Object(
  {
    coverLetter: text(10_000, 1),
    bid: Type.Object(positiveMoney.properties, {
      additionalProperties: false,
      description: "In the job's currency: the total on a fixed-price job, the hourly rate on an hourly one",
    }),
    milestones: milestonesInput,
  },
  { additionalProperties: false },
);

export const proposalPatchBody = Type.Object(
  {
    coverLetter: Type.Optional(text(10_000, 1)),
    bid: Type.Optional(positiveMoney),
    milestones: Type.Optional(milestonesInput),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const declineBody = Type.Object(
  { reason: text(1000, 1) },
  { additionalProperties: false, description: "The author sees the reason" },
);

export const proposalStateSchema = Type.Enum([...proposalStates]);

export const proposalListQuery = Type.Object(
  { state: Type.Optional(proposalStateSchema), ...pageQuery },
  { additionalProperties: false },
);

// A list in one parameter (`?ids=a,b`), checked by compareIdsOf: a schema pattern for it would be a
// regular expression no OpenAPI tool can sample.
export const compareQuery = Type.Object(
  {
    ids: Type.String({
      minLength: 73,
      maxLength: 150,
      description: "Two to four proposal ids of this job, comma-separated",
    }),
  },
  { additionalProperties: false },
);

/**
 * The page size a query asked for. ajv's coercion lets "Infinity" through an integer schema with a maximum
 * (seen in the fuzz test), so the bounds are checked once more here: 400 naming `limit`, never a 500.
 */
export function limitOf(limit: number | undefined, max: number, fallback = 20): number {
  if (limit === undefined) return fallback;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > max)
    throw validationFailed([{ field: "limit", message: `must be an integer from 1 to ${max}` }]);
  return limit;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The proposal ids of a comparison, lower case, or a 400 naming `ids`. */
export function compareIdsOf(ids: string): string[] {
  const list = ids.toLowerCase().split(",");
  if (list.length < 2 || list.length > 4 || !list.every((id) => uuidPattern.test(id)))
    throw validationFailed([{ field: "ids", message: "must be two to four proposal ids, comma-separated" }]);
  return list;
}

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(
  schema: T,
): ReturnType<typeof Type.Union<[T, ReturnType<typeof Type.Null>]>> => Type.Union([schema, Type.Null()]);

export const proposalSchema = Type.Object({
  id: uuidSchema,
  job: Type.Object({ id: uuidSchema, title: Type.String(), state: Type.String() }),
  freelancer: Type.Object({
    userId: uuidSchema,
    displayName: Type.String(),
    handle: nullable(Type.String()),
    headline: Type.String(),
  }),
  state: proposalStateSchema,
  coverLetter: Type.String(),
  bid: moneySchema,
  milestones: Type.Array(
    Type.Object({
      position: Type.Integer(),
      title: Type.String(),
      amount: moneySchema,
      dueAt: nullable(Type.String({ format: "date-time" })),
    }),
  ),
  declineReason: nullable(Type.String()),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

export const proposalPageSchema = pageSchema(proposalSchema);

const factsSchema = Type.Object({
  bid: moneySchema,
  milestoneCount: Type.Integer(),
  lastDueAt: nullable(Type.String({ format: "date-time" })),
  durationDays: nullable(Type.Integer()),
  freelancerRate: nullable(moneySchema),
  availability: nullable(Type.String()),
  skillsMatched: Type.Array(Type.String()),
  skillsMissing: Type.Array(Type.String()),
  completedContracts: Type.Integer(),
  onTimeRate: nullable(Type.Number()),
  disputesLost: Type.Integer(),
  reviewAverage: nullable(Type.Number()),
  reviewCount: Type.Integer(),
  matchScore: Type.Number(),
});

export const comparisonSchema = Type.Object({
  jobId: uuidSchema,
  proposals: Type.Array(Type.Object({ ...proposalSchema.properties, facts: factsSchema })),
  differences: Type.Array(Type.String(), {
    description: "The facts (names in `facts`) whose values are not the same for every proposal",
  }),
});
