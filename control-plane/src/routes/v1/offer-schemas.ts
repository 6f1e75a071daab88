import { Type } from "typebox";
import { workspaceTermsInputSchema, workspaceTermsSchema } from "../../jobs/index.js";
import {
  currencySchema,
  label,
  moneySchema,
  pageQuery,
  pageSchema,
  text,
  uuidSchema,
} from "../../marketplace-schemas/index.js";

export const offerStates = ["PENDING", "ACCEPTED", "DECLINED", "EXPIRED", "WITHDRAWN"] as const;

export const proposalIdParams = Type.Object({ proposalId: uuidSchema }, { additionalProperties: false });
export const offerIdParams = Type.Object({ offerId: uuidSchema }, { additionalProperties: false });

/** An amount that is more than nothing. */
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
    computeSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10 * 366 * 24 * 3600,
        description:
          "Running time the milestone's workspace is funded for (fixed billing); absent: no budget",
      }),
    ),
  },
  { additionalProperties: false },
);

export const offerBody = Type.Object(
  {
    title: Type.Optional(label(200)),
    milestones: Type.Optional(
      Type.Array(milestoneInput, {
        minItems: 1,
        maxItems: 20,
        description: "All in one currency, the offer's; default: the proposal's milestones",
      }),
    ),
    billing: Type.Optional(Type.Enum(["FIXED", "HOURLY"], { description: "Default FIXED" })),
    hourlyRate: Type.Optional(
      Type.Object(positiveMoney.properties, {
        additionalProperties: false,
        description: "Hourly billing only (required then), in the offer's currency",
      }),
    ),
    weeklyLimitMinutes: Type.Optional(
      Type.Integer({ minimum: 60, maximum: 10_080, description: "Hourly billing only (required then)" }),
    ),
    workspaceTerms: Type.Optional(
      Type.Object(workspaceTermsInputSchema.properties, {
        additionalProperties: false,
        description: "Changes to the job's workspace terms for this contract",
      }),
    ),
    message: Type.Optional(text(5000)),
    expiresInSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 365 * 24 * 3600,
        description: "At most OFFER_TTL_SECONDS, its default",
      }),
    ),
  },
  { additionalProperties: false },
);

export const declineOfferBody = Type.Object(
  { reason: Type.Optional(text(1000)) },
  { additionalProperties: false, description: "The client sees the reason" },
);

export const offerStateSchema = Type.Enum([...offerStates]);

export const offerListQuery = Type.Object(
  { state: Type.Optional(offerStateSchema), ...pageQuery },
  { additionalProperties: false },
);

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(
  schema: T,
): ReturnType<typeof Type.Union<[T, ReturnType<typeof Type.Null>]>> => Type.Union([schema, Type.Null()]);

const party = Type.Object({ userId: uuidSchema, displayName: Type.String() });

export const offerSchema = Type.Object({
  id: uuidSchema,
  proposalId: uuidSchema,
  job: Type.Object({ id: uuidSchema, title: Type.String() }),
  client: party,
  freelancer: party,
  title: Type.String(),
  billing: Type.Enum(["FIXED", "HOURLY"]),
  hourlyRate: nullable(moneySchema),
  weeklyLimitMinutes: nullable(Type.Integer()),
  milestones: Type.Array(
    Type.Object({
      id: Type.String({ description: "The contract's milestone id once accepted" }),
      position: Type.Integer(),
      title: Type.String(),
      amount: moneySchema,
      dueAt: nullable(Type.String({ format: "date-time" })),
      computeSeconds: nullable(Type.Integer({ description: "Funded running time of its workspace" })),
    }),
  ),
  total: moneySchema,
  workspaceTerms: workspaceTermsSchema,
  message: Type.String(),
  state: offerStateSchema,
  declineReason: nullable(Type.String()),
  expiresAt: Type.String({ format: "date-time" }),
  contractId: nullable(Type.String({ description: "Set on acceptance: c-<offer id>" })),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

export const offerPageSchema = pageSchema(offerSchema);
