import Fastify from "fastify";
import type { FastifyBaseLogger, FastifyError, FastifyInstance } from "fastify";
import pg from "pg";
import type { Logger } from "pino";
import { registerChargeRoutes } from "./charge-routes.js";
import { createChargeStore } from "./charge-store.js";
import { registerFaultRoutes } from "./fault-routes.js";
import { sendError } from "./http-helpers.js";
import { registerPayoutRoutes } from "./payout-routes.js";
import { ensureSchema } from "./schema.js";
import { createStore } from "./store.js";

const CLOSE_GRACE_MS = 2_000;

export type PaymentSandboxOptions = {
  databaseUrl: string;
  log: Logger;
  /** PostgreSQL schema for the sandbox's tables; tests may isolate themselves in their own. */
  schema?: string;
};

export type PaymentSandbox = {
  app: FastifyInstance;
  close(): Promise<void>;
};

function registerErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, "not_found", `No route ${request.method} ${request.url}`),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    // Fastify's own 4xx (malformed JSON, wrong content type, body too large) are the caller's bad input.
    if (status >= 400 && status < 500) return sendError(reply, status, "invalid_request", error.message);
    request.log.error({ err: error }, "Failed request");
    return sendError(reply, 500, "internal_error", "Internal error");
  });
}

/**
 * A local payment provider with its own tables: honours idempotency keys and fails, declines, stalls or loses
 * responses on demand (POST /v1/faults). The app is returned unstarted; call `app.listen`.
 */
export async function createPaymentSandbox(options: PaymentSandboxOptions): Promise<PaymentSandbox> {
  const schema = options.schema ?? "payment_sandbox";
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 10,
    application_name: "payment-sandbox",
  });
  pool.on("error", (err) => options.log.error({ err }, "Failed idle database connection"));
  try {
    await ensureSchema(pool, schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const store = createStore(pool, schema);
  const shutdown = new AbortController();
  // Widened to Fastify's logger type so the instance is a plain FastifyInstance for the route modules.
  const loggerInstance: FastifyBaseLogger = options.log;
  const app = Fastify({ loggerInstance, forceCloseConnections: "idle" });
  registerErrorHandlers(app);
  // Held responses (slow, timeout faults) end early so closing never waits out a 30 s fault.
  app.addHook("preClose", (done) => {
    shutdown.abort();
    done();
  });
  // A keep-alive connection answered during close would otherwise hold server.close() for its idle timeout.
  app.addHook("onSend", async (_request, reply) => {
    if (shutdown.signal.aborted) reply.header("connection", "close");
  });
  registerPayoutRoutes(app, { store, closing: shutdown.signal });
  registerChargeRoutes(app, {
    store,
    charges: createChargeStore(pool, schema),
    closing: shutdown.signal,
  });
  registerFaultRoutes(app, store);
  app.get("/healthz", async (_request, reply) => {
    try {
      await store.ping();
      return await reply.send({ status: "ok" });
    } catch {
      return sendError(reply, 503, "unavailable", "Database unreachable");
    }
  });
  options.log.info({ schema }, `Prepared payment sandbox schema ${schema}`);
  return {
    app,
    async close(): Promise<void> {
      const closing = app.close();
      // In-flight requests get a grace period; a keep-alive socket that never carried a request is not "idle" to
      // Node and would otherwise hold close() until the client hangs up.
      const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await closing;
      } finally {
        clearTimeout(force);
      }
      await pool.end();
    },
  };
}
