import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyReply } from "fastify";
import type { z } from "zod";
import type { FaultRecord } from "./store.js";

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

/** How a declined request is answered: the provider's code and the object's name ("Payout", "Charge"). */
export type Decline = { code: string; what: string };

/** Applies a fault that acts before anything is stored; returns true when it has already answered. */
export async function applyFaultBefore(
  fault: FaultRecord | undefined,
  reply: FastifyReply,
  closing: AbortSignal,
  decline: Decline,
): Promise<boolean> {
  if (fault?.mode === "fail") {
    sendError(reply, 503, "provider_unavailable", `Injected failure (fault ${fault.id})`);
    return true;
  }
  if (fault?.mode === "decline") {
    sendError(reply, 402, decline.code, `${decline.what} declined (fault ${fault.id})`);
    return true;
  }
  if (fault?.mode === "slow" && !(await pause(fault.delayMs, closing))) {
    sendError(reply, 503, "shutting_down", "The sandbox is shutting down");
    return true;
  }
  return false;
}
