// What only admins read: the account directory (never a secret in it).
import { listAccounts } from "../../accounts/user-directory.js";
import { limitOf } from "./proposal-schemas.js";
import { accountListQuery, accountPageSchema } from "./admin-schemas.js";
import { admins, bearer, errors, type TypedApp } from "./typed-app.js";

export async function adminRoutes(app: TypedApp): Promise<void> {
  app.get(
    "/v1/admin/users",
    {
      config: { access: admins },
      schema: {
        tags: ["admin"],
        summary: "Every account, newest first: filter by role, or by text the email contains",
        security: bearer,
        querystring: accountListQuery,
        response: { 200: accountPageSchema, ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => {
      const { role, email, cursor } = request.query;
      return listAccounts(app.prisma, {
        ...(role === undefined ? {} : { role }),
        ...(email === undefined ? {} : { email }),
        ...(cursor === undefined ? {} : { cursor }),
        limit: limitOf(request.query.limit, 100),
      });
    },
  );
  return Promise.resolve();
}
