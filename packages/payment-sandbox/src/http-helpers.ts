import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyReply } from "fastify";
import type { z } from "zod";

export type ErrorBody = { code: string; message: string; issues?: string[] };

export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const body: ErrorBody = { code, message };
  return reply.code(status).send(body);
}

export function sendInvalid(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const issues = error.issues.map((i) => `${i.path.map(String).join(".") || "(body)"}: ${i.message}`);
  const body: ErrorBody = { code: "invalid_request", message: issues.join("; "), issues };
  return reply.code(400).send(body);
}

/** Waits `ms`, or less if `signal` aborts first; says whether the full wait elapsed. */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Aborts when the client goes away before the response is written (a caller's timeout, a dropped socket). */
export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once("close", () => controller.abort());
  return controller.signal;
}
