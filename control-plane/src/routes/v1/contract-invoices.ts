// An hourly contract's weekly statements for its parties (and an admin of a disputed contract, audited).
import { Type } from "typebox";
import { userOf } from "../../access.js";
import { contractInvoiceLines, readerOf } from "../../contracts/index.js";
import { unauthenticated } from "../../errors/index.js";
import { contractIdParams } from "./contract-schemas.js";
import { type TypedApp, bearer, errors, signedIn } from "./typed-app.js";

const minutes = (description: string): ReturnType<typeof Type.Integer> =>
  Type.Integer({ minimum: 0, description });

export const invoiceLinesSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      weekStart: Type.String({ format: "date", description: "The week's Monday (UTC)" }),
      meteredMinutes: minutes("Minutes the workspace ran that week"),
      billableMinutes: minutes("Minutes billed: the metered ones, up to the weekly cap"),
      amount: Type.Object({ amountMinor: Type.Integer(), currency: Type.String() }),
      capped: Type.Boolean({ description: "The weekly cap set the amount" }),
      updatedAt: Type.String({ format: "date-time" }),
    }),
    { description: "Newest week first; none for a fixed-price contract" },
  ),
});

export async function contractInvoiceRoutes(app: TypedApp): Promise<void> {
  app.get(
    "/v1/contracts/:contractId/invoice-lines",
    {
      config: { access: signedIn },
      schema: {
        tags: ["contracts"],
        summary: "An hourly contract's weekly statements (metered, billable minutes, amount, capped)",
        security: bearer,
        params: contractIdParams,
        response: { 200: invoiceLinesSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const user = userOf(request);
      if (!user) throw unauthenticated();
      await readerOf(app, { userId: user.userId, roles: user.roles }, request, request.params.contractId);
      return { items: await contractInvoiceLines(app.pg, request.params.contractId) };
    },
  );
  return Promise.resolve();
}
