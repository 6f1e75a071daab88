import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import underPressure from "@fastify/under-pressure";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { ControlPlaneConfig } from "../../config.js";

/** Security headers, a CORS allow-list (credentials only for listed origins), and load shedding. */
async function securityPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  await app.register(helmet, {
    // The API serves JSON; the docs UI needs its inline bootstrap script.
    contentSecurityPolicy: {
      directives: { "script-src": ["'self'", "'unsafe-inline'"], "img-src": ["'self'", "data:"] },
    },
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
