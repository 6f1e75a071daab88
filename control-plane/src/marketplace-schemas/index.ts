import { Type, type TSchema } from "typebox";

// Schemas every marketplace capability shares: money on the wire, bounded text, ids, pages.

/** ISO 4217, upper case. */
export const currencySchema = Type.String({ pattern: "^[A-Z]{3}$", description: "ISO 4217 code" });

/** Money is an integer count of minor units (cents) with its currency, everywhere, on the wire too. */
export const moneySchema = Type.Object(
  { amountMinor: Type.Integer({ minimum: 0, maximum: 1e13 }), currency: currencySchema },
  { additionalProperties: false },
);

/**
 * Text a person typed: no control characters other than newline and tab (PostgreSQL cannot hold NUL), no
 * lone surrogates (Prisma cannot send them).
 */
export const text = (maxLength: number, minLength = 0): ReturnType<typeof Type.String> =>
  Type.String({
    minLength,
    maxLength,
    pattern: "^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F\\uD800-\\uDFFF]*$",
  });

/** A single-line label (a title, a name). */
export const label = (maxLength: number, minLength = 1): ReturnType<typeof Type.String> =>
  Type.String({
    minLength,
    maxLength,
    pattern: "^[^\\u0000-\\u001F\\u007F\\uD800-\\uDFFF]*$",
  });

export const uuidSchema = Type.String({ format: "uuid" });
export const idParams = Type.Object({ id: uuidSchema }, { additionalProperties: false });

/** A page of items with the cursor of the next one (keyset pagination, see src/pagination). */
export const pageSchema = <T extends TSchema>(
  item: T,
): ReturnType<typeof Type.Object<{ items: ReturnType<typeof Type.Array<T>>; nextCursor: TSchema }>> =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });

export const pageQuery = {
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};
