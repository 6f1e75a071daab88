import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { sendInvalid } from "./http-helpers.js";
import type { FaultMode, SandboxStore } from "./store.js";

// A lost response is held long enough for any sensible caller timeout to fire first.
const DEFAULT_DELAY_MS: Record<FaultMode, number> = { timeout: 30_000, slow: 1_000, fail: 0, decline: 0 };

const faultBody = z
  .object({
    mode: z.enum(["fail", "timeout", "slow", "decline"]),
    count: z.number().int().positive().max(1_000_000).default(1),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    destination: z.string().min(1).max(255).optional(),
  })
  .strict();

const destinationQuery = z.object({ destination: z.string().min(1).optional() });

export function registerFaultRoutes(app: FastifyInstance, store: SandboxStore): void {
  app.post("/v1/faults", async (request, reply) => {
    const body = faultBody.safeParse(request.body);
    if (!body.success) return sendInvalid(reply, body.error);
    const fault = await store.addFault({
      mode: body.data.mode,
      count: body.data.count,
      delayMs: body.data.delayMs ?? DEFAULT_DELAY_MS[body.data.mode],
      destination: body.data.destination ?? null,
    });
    request.log.info({ fault }, `Created fault ${fault.id} (${fault.mode})`);
    return reply.code(201).send(fault);
  });

  app.get("/v1/faults", async (request, reply) => {
    const query = destinationQuery.safeParse(request.query);
    if (!query.success) return sendInvalid(reply, query.error);
    return reply.send({ data: await store.listFaults(query.data.destination) });
  });

  // Without a destination this clears every fault, including other callers' scoped ones.
  app.delete("/v1/faults", async (request, reply) => {
    const query = destinationQuery.safeParse(request.query);
    if (!query.success) return sendInvalid(reply, query.error);
    const deleted = await store.clearFaults(query.data.destination);
    request.log.info({ deleted, destination: query.data.destination }, `Deleted ${deleted} faults`);
    return reply.send({ deleted });
  });
}
