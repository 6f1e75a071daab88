import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import underPressure from "@fastify/under-pressure";
import Fastify, { type FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { OutgoingHttpHeaders } from "node:http";
import type { ControlPlaneConfig } from "../../config.js";

const helmetOptions = {
  // The API serves JSON; the docs UI needs its inline bootstrap script.
  contentSecurityPolicy: {
    directives: { "script-src": ["'self'", "'unsafe-inline'"], "img-src": ["'self'", "data:"] },
  },
};

async function headersOf(app: FastifyInstance): Promise<OutgoingHttpHeaders> {
  app.get("/", () => "");
  const { headers } = await app.inject({ url: "/" });
  await app.close();
  return headers;
}

/**
 * The headers @fastify/helmet sends with these options. They depend on nothing in the request (no CSP
 * nonces), yet the plugin rebuilds helmet's middleware, CSP parsing included, on every request: they are
 * taken from it once, as a response with the plugin differs from one without.
 */
async function securityHeaders(): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  await probe.register(helmet, helmetOptions);
  const [plain, secured] = await Promise.all([headersOf(Fastify({ logger: false })), headersOf(probe)]);
  const added = Object.entries(secured).filter(([name]) => !(name in plain));
  if (added.length === 0) throw new Error("@fastify/helmet added no headers: revisit securityHeaders");
  return Object.fromEntries(added.map(([name, value]) => [name, String(value)]));
}

/** Security headers, a CORS allow-list (credentials only for listed origins), and load shedding. */
async function securityPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const headers = await securityHeaders();
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(cors, {
    origin: (origin, callback) => callback(null, !origin || config.CORS_ORIGINS.includes(origin)),
    credentials: true,
    // Strict mode answers an OPTIONS without Origin with a text/plain 400, outside the problem+json
    // contract; without it such a request gets an empty 204 and still no CORS grant.
    strictPreflight: false,
  });
  await app.register(underPressure, {
    maxEventLoopDelay: 1000,
    maxHeapUsedBytes: 1_500_000_000,
    retryAfter: 5,
    exposeStatusRoute: false,
  });
}

export const security = fp(securityPlugin, { name: "security" });
