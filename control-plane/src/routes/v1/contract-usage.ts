// A contract's metered workspace time by day, for its parties (and an admin of a disputed contract,
// audited): the hours a workspace ran, as the workers' usage metering recorded them.
import { userOf } from "../../access.js";
import { contractUsage, readerOf, usageRange } from "../../contracts/index.js";
import { unauthenticated } from "../../errors/index.js";
import { contractIdParams } from "./contract-schemas.js";
import { contractUsageSchema, usageQuery } from "./contract-usage-schemas.js";
import { type TypedApp, bearer, errors, signedIn } from "./typed-app.js";

export async function contractUsageRoutes(app: TypedApp): Promise<void> {
  app.get(
    "/v1/contracts/:contractId/usage",
    {
      config: { access: signedIn },
      schema: {
        tags: ["contracts"],
        summary: "A contract's workspace running time per UTC day and SkillPod (metered usage)",
        description:
          "Every day from `from` to `to` (at most 366 days; the last 30 by default). A metering period " +
          "that spans midnight counts on both days in proportion.",
        security: bearer,
        params: contractIdParams,
        querystring: usageQuery,
        response: { 200: contractUsageSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => {
      const user = userOf(request);
      if (!user) throw unauthenticated();
      const caller = { userId: user.userId, roles: user.roles };
      await readerOf(app, caller, request, request.params.contractId);
      return contractUsage(app.pg, request.params.contractId, usageRange(request.query));
    },
  );
  return Promise.resolve();
}
