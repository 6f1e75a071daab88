import { publishLiveEvent, type LiveEvent } from "@skillpod/live-events";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { ControlPlaneConfig } from "../../config.js";

declare module "fastify" {
  interface FastifyInstance {
    /**
     * Publishes a live event to exactly these users (every replica delivers it to their sockets). A failure
     * is logged, not thrown: the change itself has happened, and a reconnecting client reads state anyway.
     */
    publishLive(userIds: readonly string[], event: LiveEvent): Promise<void>;
  }
}

async function livePublisherPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  app.decorate("publishLive", async (userIds: readonly string[], event: LiveEvent): Promise<void> => {
    try {
      await publishLiveEvent(app.redis, userIds, event, { replayEvents: config.LIVE_REPLAY_EVENTS });
    } catch (error) {
      app.log.warn({ err: error, eventType: event.type }, `Failed to publish live event ${event.type}`);
    }
  });
  return Promise.resolve();
}

export const livePublisher = fp(livePublisherPlugin, { name: "live-publisher", dependencies: ["redis"] });
