// POST /v1/charges: money in from a client, idempotent by key like payouts. Faults scoped to a destination
// apply to charges of the customer with that id (the same fault list serves both directions).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ChargeInput, ChargeRecord, ChargeStore } from "./charge-store.js";
import { applyFaultBefore, clientGone, pause, sendError, sendInvalid } from "./http-helpers.js";
import { requestHash } from "./request-hash.js";
import type { SandboxStore } from "./store.js";

export type Charge = Omit<ChargeRecord, "idempotencyKey" | "requestHash">;

const chargeBody = z
  .object({
    amountMinor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be 3 upper-case letters (ISO 4217)"),
    customer: z.string().min(1).max(255),
    paymentMethod: z.string().min(1).max(255),
    metadata: z.record(z.string(), z.unknown()),
  })
  .strict();

const listQuery = z.object({
  customer: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const idempotencyKey = z.string().min(1).max(255);

type Deps = { store: SandboxStore; charges: ChargeStore; closing: AbortSignal };

function toPublic(c: ChargeRecord): Charge {
  return {
    id: c.id,
    status: c.status,
    amountMinor: c.amountMinor,
    currency: c.currency,
    customer: c.customer,
    paymentMethod: c.paymentMethod,
    metadata: c.metadata,
    createdAt: c.createdAt,
  };
}

function parseCreate(
  request: FastifyRequest,
  reply: FastifyReply,
): { key: string; input: ChargeInput } | undefined {
  const key = idempotencyKey.safeParse(request.headers["idempotency-key"]);
  if (!key.success) {
    sendError(reply, 400, "invalid_request", "An Idempotency-Key header (1-255 characters) is required");
    return undefined;
  }
  const body = chargeBody.safeParse(request.body);
  if (!body.success) {
    sendInvalid(reply, body.error);
    return undefined;
  }
  return { key: key.data, input: body.data };
}

async function createCharge(request: FastifyRequest, reply: FastifyReply, deps: Deps): Promise<FastifyReply> {
  const parsed = parseCreate(request, reply);
  if (!parsed) return reply;
  const { key, input } = parsed;
  const fault = await deps.store.consumeFault(input.customer);
  if (fault) request.log.info({ fault, idempotencyKey: key }, `Applied fault ${fault.id} (${fault.mode})`);
  if (await applyFaultBefore(fault, reply, deps.closing, { code: "card_declined", what: "Charge" }))
    return reply;

  const hash = requestHash(input);
  const { charge, created } = await deps.charges.createOrGet(key, hash, input);
  if (charge.requestHash !== hash) {
    const message = `Idempotency-Key ${key} was already used with a different request (charge ${charge.id})`;
    return sendError(reply, 422, "idempotency_key_reused", message);
  }
  if (created) request.log.info({ chargeId: charge.id, idempotencyKey: key }, `Created charge ${charge.id}`);
  // A lost response: the charge exists, the caller hears nothing until it gives up; its retry must replay.
  if (fault?.mode === "timeout")
    await pause(fault.delayMs, AbortSignal.any([deps.closing, clientGone(reply)]));
  if (!created) reply.header("Idempotent-Replayed", "true");
  return reply.code(created ? 201 : 200).send(toPublic(charge));
}

export function registerChargeRoutes(app: FastifyInstance, deps: Deps): void {
  app.post("/v1/charges", (request, reply) => createCharge(request, reply, deps));

  app.get("/v1/charges", async (request, reply) => {
    const query = listQuery.safeParse(request.query);
    if (!query.success) return sendInvalid(reply, query.error);
    const charges = await deps.charges.listCharges(query.data);
    return reply.send({ data: charges.map(toPublic) });
  });

  app.get<{ Params: { id: string } }>("/v1/charges/:id", async (request, reply) => {
    const charge = await deps.charges.getCharge(request.params.id);
    if (!charge) return sendError(reply, 404, "not_found", `No charge ${request.params.id}`);
    return reply.send(toPublic(charge));
  });
}
