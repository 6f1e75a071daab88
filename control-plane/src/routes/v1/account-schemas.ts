import { Type } from "typebox";

// Limits on every string: oversized input is a 400 from the schema, never work for argon2 or the database.
const email = Type.String({ format: "email", minLength: 3, maxLength: 254 });

// Stored text: no control characters (PostgreSQL text cannot hold NUL) and no lone surrogates (Prisma cannot
// send them: not encodable as UTF-8). ajv compiles patterns with the u flag, where a surrogate pair is one
// code point, so emoji pass and only unpaired halves fall in the excluded range.
const storedText = "[^\\u0000-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF]";
// The same without white space: one of these makes a name visible (a class, not a lookahead, which OpenAPI
// test generators take minutes to satisfy).
const visibleText = "[^\\s\\u0000-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF]";

const newPassword = Type.String({ minLength: 12, maxLength: 1024 });
const displayName = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: `^${storedText}*${visibleText}${storedText}*$`,
});

export const registerBody = Type.Object(
  {
    email,
    password: newPassword,
    accountType: Type.Enum(["FREELANCER", "CLIENT", "COMPANY", "AGENCY"]),
    displayName,
  },
  { additionalProperties: false },
);

export const accountChangeBody = Type.Object({ displayName }, { additionalProperties: false });

export const passwordChangeBody = Type.Object(
  {
    // No minimum beyond 1, as at sign-in: the length rule applies to the new one.
    currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    newPassword,
  },
  { additionalProperties: false },
);

export const passwordChangedSchema = Type.Object({
  otherSignInsEnded: Type.Integer({ description: "The account's other sign-ins, now signed out" }),
});

const totpCode = Type.String({ pattern: "^[0-9]{6}$", description: "6-digit TOTP code" });

export const loginBody = Type.Object(
  {
    email,
    // No minimum beyond 1: the length rule applies when a password is set, not when it is checked.
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    totp: Type.Optional(totpCode),
    recoveryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const mfaVerifyBody = Type.Object({ code: totpCode }, { additionalProperties: false });
export const mfaDisableBody = mfaVerifyBody;

export const profileSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  email: Type.String(),
  displayName: Type.String(),
  accountType: Type.Enum(["FREELANCER", "CLIENT", "COMPANY", "AGENCY"]),
  roles: Type.Array(Type.String()),
  mfaEnabled: Type.Boolean(),
  createdAt: Type.String({ format: "date-time" }),
});

export const tokenSchema = Type.Object({
  accessToken: Type.String(),
  tokenType: Type.Literal("Bearer"),
  expiresIn: Type.Integer({ description: "Seconds until the access token expires" }),
});

export const mfaEnrolmentSchema = Type.Object({
  secret: Type.String({ description: "Base32 TOTP secret, for manual entry" }),
  otpauthUri: Type.String({ description: "otpauth:// URI, for a QR code" }),
});

export const recoveryCodesSchema = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: "One-time codes; shown only now" }),
});

export const jwksSchema = Type.Object({
  keys: Type.Array(
    Type.Object({
      kty: Type.String(),
      crv: Type.String(),
      x: Type.String(),
      kid: Type.String(),
      alg: Type.String(),
      use: Type.String(),
    }),
  ),
});
