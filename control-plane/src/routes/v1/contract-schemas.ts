import { Type } from "typebox";
import { moneySchema, pageQuery, pageSchema, text } from "../../marketplace-schemas/index.js";

// Contract and milestone ids are the control plane's own (`c-<offerId>`, `c-<offerId>-m1`), not UUIDs. At
// most 80 characters: the router refuses a path parameter over 100 with a 414 before any schema runs, so a
// longer id must already be the schema's documented 400.
const contractId = Type.String({ minLength: 1, maxLength: 80, pattern: "^[A-Za-z0-9_-]+$" });

export const contractIdParams = Type.Object({ contractId }, { additionalProperties: false });
export const milestoneParams = Type.Object(
  { contractId, milestoneId: contractId },
  { additionalProperties: false },
);

const httpsLink = Type.String({ minLength: 9, maxLength: 2048, pattern: "^https://\\S+$" });
const links = (description: string): ReturnType<typeof Type.Array<typeof httpsLink>> =>
  Type.Array(httpsLink, { maxItems: 20, description });

export const submitBody = Type.Object(
  { note: text(10_000), links: Type.Optional(links("Deliverables: https links")) },
  { additionalProperties: false },
);
/** More running time for a milestone's workspace; at most a year per top-up (the workflow's own limit). */
export const computeBody = Type.Object(
  {
    seconds: Type.Integer({
      minimum: 1,
      maximum: 366 * 24 * 3600,
      description: "Seconds of running time to add",
    }),
  },
  { additionalProperties: false },
);
export const reasonBody = Type.Object({ reason: text(2000, 1) }, { additionalProperties: false });
export const disputeBody = Type.Object(
  { statement: text(10_000, 1), evidence: Type.Optional(links("Evidence: https links")) },
  { additionalProperties: false },
);
export const resolveBody = Type.Object(
  {
    favor: Type.Union([Type.Literal("freelancer"), Type.Literal("client")]),
    note: Type.Optional(text(10_000)),
  },
  { additionalProperties: false },
);

export const idempotencyHeaders = Type.Object({
  "idempotency-key": Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 200,
      pattern: "^[A-Za-z0-9_.:-]+$",
      description: "A retried move with the same key and body gets the first answer again",
    }),
  ),
});

export const contractStates = ["offer", "active", "completed", "cancelled"] as const;

export const contractListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union(contractStates.map((s) => Type.Literal(s)))),
    disputed: Type.Optional(
      Type.Boolean({ description: "Only contracts with (or without) an open dispute" }),
    ),
    ...pageQuery,
  },
  { additionalProperties: false },
);
export const pageOnlyQuery = Type.Object({ ...pageQuery }, { additionalProperties: false });

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(
  schema: T,
): ReturnType<typeof Type.Union<[T, ReturnType<typeof Type.Null>]>> => Type.Union([schema, Type.Null()]);
const time = Type.String({ format: "date-time" });
const part = Type.Union([Type.Literal("client"), Type.Literal("freelancer"), Type.Literal("admin")]);

const milestoneSchema = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  title: Type.String(),
  amount: moneySchema,
  dueAt: nullable(time),
  state: Type.String(),
  funded: Type.Boolean(),
  submissions: Type.Integer(),
  submittedAt: nullable(time),
  autoApproveAt: nullable(time),
  payout: Type.Object({
    state: Type.String({ description: "none | running | paused | paid | failed" }),
    net: nullable(moneySchema),
    paidAt: nullable(time),
    providerPayoutId: nullable(Type.String()),
    failureCode: nullable(Type.String()),
  }),
  workspace: nullable(Type.Object({ name: Type.String(), state: Type.String(), expiresAt: nullable(time) })),
});

export const contractSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  state: Type.String({ description: "offer | active | completed | cancelled" }),
  yourPart: part,
  clientId: Type.String(),
  freelancerId: Type.String(),
  currency: Type.String(),
  billing: Type.String(),
  hourlyRate: nullable(moneySchema),
  weeklyLimitMinutes: nullable(Type.Integer()),
  platformFeeBps: Type.Integer(),
  offerId: nullable(Type.String()),
  jobId: nullable(Type.String()),
  total: moneySchema,
  createdAt: time,
  updatedAt: time,
  completedAt: nullable(time),
  milestones: Type.Array(milestoneSchema),
});

export const contractPageSchema = pageSchema(
  Type.Object({
    id: Type.String(),
    title: Type.String(),
    state: Type.String(),
    yourPart: part,
    clientId: Type.String(),
    freelancerId: Type.String(),
    total: moneySchema,
    milestoneCount: Type.Integer(),
    createdAt: time,
    updatedAt: time,
  }),
);

export const payoutListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      milestoneId: Type.String(),
      state: Type.String({ description: "RELEASED | PAID | COMPENSATED | HELD" }),
      gross: moneySchema,
      fee: moneySchema,
      net: moneySchema,
      provider: nullable(Type.String()),
      providerPayoutId: nullable(Type.String()),
      failureCode: nullable(Type.String()),
      createdAt: time,
      paidAt: nullable(time),
    }),
  ),
});

export const workspaceListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      milestoneId: Type.String(),
      namespace: Type.String(),
      name: Type.String(),
      state: Type.String(),
      expiresAt: nullable(time),
      readyAt: nullable(time),
      updatedAt: time,
    }),
  ),
});

export const timelinePageSchema = pageSchema(
  Type.Object({
    id: Type.String(),
    at: time,
    type: Type.String(),
    milestoneId: nullable(Type.String()),
    actorId: nullable(Type.String()),
    note: nullable(Type.String()),
    links: Type.Array(Type.String()),
    details: Type.Record(Type.String(), Type.Unknown()),
    amount: nullable(moneySchema),
  }),
);
