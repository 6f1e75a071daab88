import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { applyFaultBefore, clientGone, pause, sendError, sendInvalid } from "./http-helpers.js";
import { requestHash } from "./request-hash.js";
import type { PayoutInput, PayoutRecord, SandboxStore } from "./store.js";

export type Payout = {
  id: string;
  status: "paid" | "pending";
  amountMinor: number;
  currency: string;
  destination: string;
  metadata: Record<string, unknown>;
  createdAt: string;
};

const payoutBody = z
  .object({
    amountMinor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be 3 upper-case letters (ISO 4217)"),
    destination: z.string().min(1).max(255),
    metadata: z.record(z.string(), z.unknown()),
  })
  .strict();

const listQuery = z.object({
  destination: z.string().min(1).optional(),
  milestoneId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const idempotencyKey = z.string().min(1).max(255);

type Deps = { store: SandboxStore; closing: AbortSignal };

function toPublic(p: PayoutRecord): Payout {
  return {
    id: p.id,
    status: p.status,
    amountMinor: p.amountMinor,
    currency: p.currency,
    destination: p.destination,
    metadata: p.metadata,
    createdAt: p.createdAt,
  };
}

type CreateRequest = { key: string; input: PayoutInput };

function parseCreate(request: FastifyRequest, reply: FastifyReply): CreateRequest | undefined {
  const key = idempotencyKey.safeParse(request.headers["idempotency-key"]);
  if (!key.success) {
    sendError(reply, 400, "invalid_request", "An Idempotency-Key header (1-255 characters) is required");
    return undefined;
  }
  const body = payoutBody.safeParse(request.body);
  if (!body.success) {
    sendInvalid(reply, body.error);
    return undefined;
  }
  return { key: key.data, input: body.data };
}

function sendPayout(reply: FastifyReply, payout: PayoutRecord, created: boolean): FastifyReply {
  if (!created) reply.header("Idempotent-Replayed", "true");
  return reply.code(created ? 201 : 200).send(toPublic(payout));
}

async function createPayout(request: FastifyRequest, reply: FastifyReply, deps: Deps): Promise<FastifyReply> {
  const parsed = parseCreate(request, reply);
  if (!parsed) return reply;
  const { key, input } = parsed;
  const fault = await deps.store.consumeFault(input.destination);
  if (fault) request.log.info({ fault, idempotencyKey: key }, `Applied fault ${fault.id} (${fault.mode})`);
  if (await applyFaultBefore(fault, reply, deps.closing, { code: "payout_declined", what: "Payout" }))
    return reply;

  const hash = requestHash(input);
  const { payout, created } = await deps.store.createOrGet(key, hash, input);
  if (payout.requestHash !== hash) {
    const message = `Idempotency-Key ${key} was already used with a different request (payout ${payout.id})`;
    return sendError(reply, 422, "idempotency_key_reused", message);
  }
  if (created) request.log.info({ payoutId: payout.id, idempotencyKey: key }, `Created payout ${payout.id}`);
  // A lost response: the payout exists, the caller hears nothing until it gives up; its retry must replay.
  if (fault?.mode === "timeout")
    await pause(fault.delayMs, AbortSignal.any([deps.closing, clientGone(reply)]));
  return sendPayout(reply, payout, created);
}

export function registerPayoutRoutes(app: FastifyInstance, deps: Deps): void {
  app.post("/v1/payouts", (request, reply) => createPayout(request, reply, deps));

  app.get("/v1/payouts", async (request, reply) => {
    const query = listQuery.safeParse(request.query);
    if (!query.success) return sendInvalid(reply, query.error);
    const payouts = await deps.store.listPayouts(query.data);
    return reply.send({ data: payouts.map(toPublic) });
  });

  app.get<{ Params: { id: string } }>("/v1/payouts/:id", async (request, reply) => {
    const payout = await deps.store.getPayout(request.params.id);
    if (!payout) return sendError(reply, 404, "not_found", `No payout ${request.params.id}`);
    return reply.send(toPublic(payout));
  });
}
