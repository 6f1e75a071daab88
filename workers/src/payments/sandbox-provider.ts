import { z } from "zod";
import { PaymentProviderUnavailableError, PayoutDeclinedError } from "./payment-provider.js";
import type { PaymentProvider, PayoutRequest, ProviderPayout } from "./payment-provider.js";

export type SandboxPaymentProviderOptions = {
  /** e.g. http://127.0.0.1:12480 */
  baseUrl: string;
  /** Per request; a payout that outlives it may still have happened, so the caller retries with the same key. */
  timeoutMs: number;
};

const payoutResponse = z.object({ id: z.string().min(1), status: z.enum(["paid", "pending"]) });
const errorResponse = z.object({ code: z.string(), message: z.string().optional() }).partial();

// 400 and 422 are as final as a decline: the same request with the same key will be refused again.
const DECLINED_STATUSES = new Set([400, 402, 422]);

async function send(url: string, request: PayoutRequest, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": request.idempotencyKey },
      body: JSON.stringify({
        amountMinor: request.amountMinor,
        currency: request.currency,
        destination: request.destination,
        metadata: request.metadata,
      }),
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

async function refusal(response: Response): Promise<Error> {
  const body = errorResponse.safeParse(await readJson(response).catch(() => undefined));
  const detail = body.success ? `${body.data.code ?? "error"}: ${body.data.message ?? ""}` : "no details";
  const message = `Payment sandbox answered ${response.status} (${detail})`;
  return DECLINED_STATUSES.has(response.status)
    ? new PayoutDeclinedError(message)
    : new PaymentProviderUnavailableError(message);
}

/** Pays out through the local payment sandbox (packages/payment-sandbox) over HTTP. */
export function createSandboxPaymentProvider(options: SandboxPaymentProviderOptions): PaymentProvider {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/v1/payouts`;
  return {
    name: "sandbox",
    async createPayout(request: PayoutRequest): Promise<ProviderPayout> {
      const response = await send(url, request, options.timeoutMs);
      if (response.status !== 200 && response.status !== 201) throw await refusal(response);
      const body = payoutResponse.safeParse(await readJson(response));
      if (!body.success) {
        throw new PaymentProviderUnavailableError(
          `Payment sandbox sent a malformed payout: ${body.error.message}`,
        );
      }
      return { provider: "sandbox", providerPayoutId: body.data.id, status: body.data.status };
    },
  };
}
