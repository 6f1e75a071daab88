import { Type, type Static } from "typebox";
import { partNames } from "../../matching/index.js";
import { moneySchema, uuidSchema } from "../../marketplace-schemas/index.js";
import { budgetSchema } from "./jobs-schemas.js";

export const matchLimitQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })) },
  { additionalProperties: false },
);

const partSchema = Type.Object({
  name: Type.Enum([...partNames]),
  value: Type.Number({ minimum: 0, maximum: 1, description: "How well this part fits, 0..1" }),
  weight: Type.Number({ description: "The part's share of the score (the matching configuration)" }),
  contribution: Type.Number({ description: "value × weight" }),
  reason: Type.String({ description: "One line a person can read: why this value" }),
});

const matchSchema = {
  score: Type.Number({ minimum: 0, maximum: 1, description: "The sum of the parts' contributions" }),
  parts: Type.Array(partSchema),
};

const nullableMoney = Type.Union([moneySchema, Type.Null()]);

const freelancerMatchSchema = Type.Object({
  freelancer: Type.Object({
    userId: uuidSchema,
    handle: Type.String(),
    displayName: Type.String(),
    headline: Type.String(),
    hourlyRate: nullableMoney,
    availability: Type.String(),
    skillIds: Type.Array(Type.String()),
  }),
  ...matchSchema,
});
export type FreelancerMatchItem = Static<typeof freelancerMatchSchema>;

export const freelancerMatchesSchema = Type.Object({
  jobId: uuidSchema,
  items: Type.Array(freelancerMatchSchema),
});

const jobMatchSchema = Type.Object({
  job: Type.Object({
    id: uuidSchema,
    title: Type.String(),
    category: Type.String(),
    skillIds: Type.Array(Type.String()),
    billing: Type.String(),
    budget: budgetSchema,
    duration: Type.String(),
    publishedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  }),
  ...matchSchema,
});
export type JobMatchItem = Static<typeof jobMatchSchema>;

export const jobsForYouSchema = Type.Object({ items: Type.Array(jobMatchSchema) });
