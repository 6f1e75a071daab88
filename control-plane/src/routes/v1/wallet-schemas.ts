import { Type } from "typebox";
import { SkpError } from "../../errors/index.js";
import {
  currencySchema,
  label,
  moneySchema,
  pageQuery,
  pageSchema,
  uuidSchema,
} from "../../marketplace-schemas/index.js";

const positiveMoney = Type.Object(
  {
    amountMinor: Type.Integer({ minimum: 1, maximum: 1e13, description: "Minor units (cents)" }),
    currency: currencySchema,
  },
  { additionalProperties: false },
);

// Required, but checked by the handler (idempotencyKeyOf): a schema-required header would be reported
// before nothing else was wrong with a body, naming a field the body never had.
export const moneyRequestHeaders = Type.Object({
  "idempotency-key": Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: "^[\\x21-\\x7E]+$",
      description: "Required: a retry with the same key and body is the same deposit or withdrawal",
    }),
  ),
  prefer: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        "RFC 7240 `wait=N`: answer after at most N seconds (default and most 10); 202 while pending",
    }),
  ),
});

/** The request's Idempotency-Key, or 422 SKP_IDEMPOTENCY_KEY_REQUIRED (well-formed, but refused). */
export function idempotencyKeyOf(key: string | undefined): string {
  if (key === undefined)
    throw new SkpError(
      "SKP_IDEMPOTENCY_KEY_REQUIRED",
      422,
      "An Idempotency-Key header (1-255 visible ASCII characters) is required",
    );
  return key;
}

export const depositBody = Type.Object(
  {
    amount: positiveMoney,
    paymentMethod: Type.Optional(label(255, 1)),
  },
  { additionalProperties: false },
);

export const withdrawalBody = Type.Object({ amount: positiveMoney }, { additionalProperties: false });

export const depositIdParams = Type.Object({ depositId: uuidSchema }, { additionalProperties: false });
export const withdrawalIdParams = Type.Object({ withdrawalId: uuidSchema }, { additionalProperties: false });

const nullableString = Type.Union([Type.String(), Type.Null()]);
const moneyRequestStates = Type.Enum(["PENDING", "SUCCEEDED", "FAILED"]);

const moneyRequestFields = {
  id: uuidSchema,
  state: moneyRequestStates,
  amount: moneySchema,
  provider: nullableString,
  failureCode: Type.Union([
    Type.String({ description: "Why it failed, or why it is held for review" }),
    Type.Null(),
  ]),
  createdAt: Type.String({ format: "date-time" }),
  completedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
};

export const depositSchema = Type.Object({
  ...moneyRequestFields,
  paymentMethod: Type.String(),
  providerChargeId: nullableString,
});

export const withdrawalSchema = Type.Object({ ...moneyRequestFields, providerPayoutId: nullableString });

export const walletSchema = Type.Object({
  balances: Type.Array(
    Type.Object({
      currency: currencySchema,
      available: moneySchema,
      inEscrow: moneySchema,
      payable: moneySchema,
      paidOut: moneySchema,
    }),
    { description: "One per currency the caller has held money in" },
  ),
});

const signedMoney = Type.Object({
  amountMinor: Type.Integer({
    minimum: -1e13,
    maximum: 1e13,
    description: "Into the account positive, out negative",
  }),
  currency: currencySchema,
});

export const walletTransactionSchema = Type.Object({
  id: Type.String({ description: "The ledger entry" }),
  transactionId: uuidSchema,
  kind: Type.String({
    description: "DEPOSIT, FUND_ESCROW, REFUND_ESCROW, RELEASE_ESCROW, PAYOUT, WITHDRAWAL…",
  }),
  account: Type.Enum(["wallet", "payable"]),
  amount: signedMoney,
  contractId: nullableString,
  milestoneId: nullableString,
  createdAt: Type.String({ format: "date-time" }),
});

export const walletTransactionPageSchema = pageSchema(walletTransactionSchema);

// JSON is serialized through the page schema; CSV (?format=csv) is a stream, never serialized.
export const walletTransactionsResponse = {
  description: "A page of entries, or with format=csv every entry (header row first)",
  content: {
    "application/json": { schema: walletTransactionPageSchema },
    "text/csv": { schema: Type.String() },
  },
};

export const walletTransactionsQuery = Type.Object(
  {
    ...pageQuery,
    format: Type.Optional(
      Type.Enum(["json", "csv"], { description: "csv: every entry as text/csv (cursor and limit ignored)" }),
    ),
  },
  { additionalProperties: false },
);
