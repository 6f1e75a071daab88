import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { ControlPlaneConfig } from "../../config.js";
import { NoticeQueue, type Notice } from "../../notifications/index.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Sends a notice to users: in-app and, by their preferences, email (through the workers' queue). */
    notify(notice: Notice): Promise<void>;
  }
}

async function noticesPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const queue = new NoticeQueue(app.redis, config.BULLMQ_PREFIX);
  app.decorate("notify", async (notice: Notice): Promise<void> => {
    const rows = await app.pg.query<{ id: string; email: string }>(
      "SELECT id::text, email FROM users WHERE id::text = ANY($1::text[])",
      [[...notice.userIds]],
    );
    await queue.send(notice, new Map(rows.rows.map((row) => [row.id, row.email])));
  });
  app.addHook("onClose", async () => {
    await queue.close();
  });
  return Promise.resolve();
}

export const notices = fp(noticesPlugin, { name: "notices", dependencies: ["prisma", "redis"] });
