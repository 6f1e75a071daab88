import { Type } from "typebox";
import { roles } from "../../access.js";
import { label, pageQuery, pageSchema } from "../../marketplace-schemas/index.js";

const time = Type.String({ format: "date-time" });
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(
  schema: T,
): ReturnType<typeof Type.Union<[T, ReturnType<typeof Type.Null>]>> => Type.Union([schema, Type.Null()]);

export const accountListQuery = Type.Object(
  {
    role: Type.Optional(Type.Union(roles.map((role) => Type.Literal(role)))),
    email: Type.Optional(label(254, 1)),
    ...pageQuery,
  },
  { additionalProperties: false },
);

export const accountEntrySchema = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    email: Type.String(),
    displayName: Type.String(),
    accountType: Type.Enum(["FREELANCER", "CLIENT", "COMPANY", "AGENCY"]),
    roles: Type.Array(Type.String()),
    mfaEnabled: Type.Boolean(),
    lockedUntil: nullable(time),
    createdAt: time,
  },
  { additionalProperties: false },
);

export const accountPageSchema = pageSchema(accountEntrySchema);
