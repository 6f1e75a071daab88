import { z } from "zod";
import {
  ChargeDeclinedError,
  PaymentProviderUnavailableError,
  PayoutDeclinedError,
} from "./payment-provider.js";
import type {
  ChargeRequest,
  PaymentProvider,
  PayoutRequest,
  ProviderCharge,
  ProviderPayout,
} from "./payment-provider.js";

export type SandboxPaymentProviderOptions = {
  /** e.g. http://127.0.0.1:12480 */
  baseUrl: string;
  /** Per request; a payout that outlives it may still have happened, so the caller retries with the same key. */
  timeoutMs: number;
};

const payoutResponse = z.object({ id: z.string().min(1), status: z.enum(["paid", "pending"]) });
const chargeResponse = z.object({ id: z.string().min(1), status: z.enum(["succeeded", "pending"]) });
const errorResponse = z.object({ code: z.string(), message: z.string().optional() }).partial();

// 400 and 422 are as final as a decline: the same request with the same key will be refused again.
const DECLINED_STATUSES = new Set([400, 402, 422]);

async function send(url: string, key: string, body: object, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    const reason = timedOut ? `timed out after ${timeoutMs} ms` : `was unreachable (${String(error)})`;
    throw new PaymentProviderUnavailableError(`Payment sandbox ${reason}`, { cause: error });
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch (error) {
    // The body can time out or be cut off after the status line: still a lost response, still retryable.
    throw new PaymentProviderUnavailableError(
      `Payment sandbox sent an unreadable ${response.status} response`,
      {
        cause: error,
      },
    );
  }
}

async function refusal(response: Response, declined: (message: string) => Error): Promise<Error> {
  const body = errorResponse.safeParse(await readJson(response).catch(() => undefined));
  const detail = body.success ? `${body.data.code ?? "error"}: ${body.data.message ?? ""}` : "no details";
  const message = `Payment sandbox answered ${response.status} (${detail})`;
  return DECLINED_STATUSES.has(response.status)
    ? declined(message)
    : new PaymentProviderUnavailableError(message);
}

/** POSTs with an idempotency key; a 200/201 body parsed by `schema`, anything else a typed refusal. */
async function create<T>(
  url: string,
  request: { key: string; body: object; timeoutMs: number },
  schema: z.ZodType<T>,
  declined: (message: string) => Error,
): Promise<T> {
  const response = await send(url, request.key, request.body, request.timeoutMs);
  if (response.status !== 200 && response.status !== 201) throw await refusal(response, declined);
  const body = schema.safeParse(await readJson(response));
  if (!body.success) {
    throw new PaymentProviderUnavailableError(
      `Payment sandbox sent a malformed answer: ${body.error.message}`,
    );
  }
  return body.data;
}

/** Pays out and charges through the local payment sandbox (packages/payment-sandbox) over HTTP. */
export function createSandboxPaymentProvider(options: SandboxPaymentProviderOptions): PaymentProvider {
  const base = options.baseUrl.replace(/\/+$/, "");
  const { timeoutMs } = options;
  return {
    name: "sandbox",
    async createPayout(request: PayoutRequest): Promise<ProviderPayout> {
      const body = {
        amountMinor: request.amountMinor,
        currency: request.currency,
        destination: request.destination,
        metadata: request.metadata,
      };
      const payout = await create(
        `${base}/v1/payouts`,
        { key: request.idempotencyKey, body, timeoutMs },
        payoutResponse,
        (message) => new PayoutDeclinedError(message),
      );
      return { provider: "sandbox", providerPayoutId: payout.id, status: payout.status };
    },
    async createCharge(request: ChargeRequest): Promise<ProviderCharge> {
      const body = {
        amountMinor: request.amountMinor,
        currency: request.currency,
        customer: request.customer,
        paymentMethod: request.paymentMethod,
        metadata: request.metadata,
      };
      const charge = await create(
        `${base}/v1/charges`,
        { key: request.idempotencyKey, body, timeoutMs },
        chargeResponse,
        (message) => new ChargeDeclinedError(message),
      );
      return { provider: "sandbox", providerChargeId: charge.id, status: charge.status };
    },
  };
}
