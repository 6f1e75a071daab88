import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { Redis } from "ioredis";
import type { ControlPlaneConfig } from "../../config.js";
import { createPrismaClient, type PrismaClient } from "../../database.js";

declare module "fastify" {
  interface FastifyInstance {
    prisma: PrismaClient;
    redis: Redis;
  }
}

async function prismaPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const prisma = createPrismaClient(config.APP_DATABASE_URL);
  app.decorate("prisma", prisma);
  app.addHook("onClose", async () => prisma.$disconnect());
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
