import { Type } from "typebox";
import { label, moneySchema, text, uuidSchema } from "../../marketplace-schemas/index.js";

export const handleSchema = Type.String({
  minLength: 3,
  maxLength: 30,
  pattern: "^[a-z0-9][a-z0-9-]{2,29}$",
  description: "3-30 characters: a-z, 0-9 and -",
});

export const handleParams = Type.Object({ handle: handleSchema }, { additionalProperties: false });
export const clientParams = Type.Object({ userId: uuidSchema }, { additionalProperties: false });

const availabilitySchema = Type.Union([
  Type.Literal("FULL_TIME"),
  Type.Literal("PART_TIME"),
  Type.Literal("NOT_AVAILABLE"),
]);

export const freelancerProfileBody = Type.Object(
  {
    handle: handleSchema,
    headline: Type.Optional(label(120, 0)),
    bio: Type.Optional(text(5000)),
    skills: Type.Optional(
      Type.Array(
        Type.Object(
          {
            skill: label(60),
            level: Type.Integer({ minimum: 1, maximum: 5, description: "1 (beginner) to 5 (expert)" }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50, description: 'A skill\'s id, name or synonym ("k8s"), with a level' },
      ),
    ),
    hourlyRate: Type.Optional(Type.Union([moneySchema, Type.Null()])),
    availability: Type.Optional(availabilitySchema),
    timezone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        // UTC or Area/Location: the canonical IANA names, not the legacy one-word aliases ("Japan").
        pattern: "^(UTC|[A-Za-z]+(/[A-Za-z0-9_+-]+)+)$",
        description: "IANA time zone: UTC or Area/Location (Europe/Paris)",
      }),
    ),
    portfolioLinks: Type.Optional(
      Type.Array(Type.String({ minLength: 9, maxLength: 2048, pattern: "^https://\\S+$" }), {
        maxItems: 10,
      }),
    ),
  },
  { additionalProperties: false },
);

const completenessSchema = Type.Object({
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  missing: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
});

export const freelancerProfileSchema = Type.Object({
  userId: Type.String(),
  handle: Type.String(),
  displayName: Type.String(),
  headline: Type.String(),
  bio: Type.String(),
  skills: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      category: Type.String(),
      level: Type.Integer(),
    }),
  ),
  hourlyRate: Type.Union([moneySchema, Type.Null()]),
  availability: availabilitySchema,
  timezone: Type.String(),
  portfolioLinks: Type.Array(Type.String()),
  completeness: completenessSchema,
  record: Type.Object({
    completedContracts: Type.Integer(),
    onTimeRate: Type.Union([Type.Number(), Type.Null()]),
    reviewAverage: Type.Union([Type.Number(), Type.Null()]),
    reviewCount: Type.Integer(),
  }),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

export const clientProfileBody = Type.Object(
  {
    displayName: label(80),
    company: Type.Optional(label(120, 0)),
    country: Type.Optional(
      Type.String({ pattern: "^([A-Z]{2})?$", maxLength: 2, description: "ISO 3166-1 alpha-2" }),
    ),
  },
  { additionalProperties: false },
);

export const clientProfileSchema = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  company: Type.String(),
  country: Type.String(),
  jobsPosted: Type.Integer(),
  hires: Type.Integer(),
  reviewAverage: Type.Union([Type.Number(), Type.Null()]),
  reviewCount: Type.Integer(),
  createdAt: Type.String({ format: "date-time" }),
});
