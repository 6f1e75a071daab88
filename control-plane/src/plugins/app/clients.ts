import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { Redis } from "ioredis";
import type pg from "pg";
import type { ControlPlaneConfig } from "../../config.js";
import { PrismaClient } from "../../database.js";
import { createPool, createPostgresAdapter } from "../../postgres-adapter.js";

declare module "fastify" {
  interface FastifyInstance {
    prisma: PrismaClient;
    /** The pool under `prisma`, for a hot read that is one prepared statement (GET /v1/me). */
    pg: pg.Pool;
    redis: Redis;
  }
}

/**
 * One pool for both: Prisma compiles and interprets every query in JavaScript and WebAssembly (about 300 µs
 * of CPU for a read by primary key here), so the hottest read goes straight to the pool instead.
 */
async function prismaPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const pool = createPool(config.APP_DATABASE_URL);
  pool.on("error", (error: Error) => app.log.warn({ err: error }, "An idle PostgreSQL connection failed"));
  const prisma = new PrismaClient({ adapter: createPostgresAdapter(config.APP_DATABASE_URL, pool) });
  app.decorate("prisma", prisma);
  app.decorate("pg", pool);
  app.addHook("onClose", async () => {
    await prisma.$disconnect();
    await pool.end();
  });
  return Promise.resolve();
}

async function redisPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
  redis.on("error", (error: Error) => app.log.warn({ err: error }, "Redis connection failed"));
  app.decorate("redis", redis);
  app.addHook("onClose", async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  return Promise.resolve();
}

export const prisma = fp(prismaPlugin, { name: "prisma" });
export const redis = fp(redisPlugin, { name: "redis" });
