// Live events to a contract's two parties (their browsers' live channel), from the activities that record
// its changes. Best effort: the change is recorded whether or not the event goes out, and a client that
// missed one reloads the state when it reconnects, so a failure is logged and never fails the activity.
import { publishLiveEvent, type LiveEvent } from "@skillpod/live-events";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { Logger } from "pino";

export type PartyLive = {
  /** Publishes `event` to the contract's client and freelancer. */
  publish(contractId: string, event: LiveEvent): Promise<void>;
};

export function createPartyLive(deps: { pool: pg.Pool; redis: Redis; log: Logger }): PartyLive {
  return {
    async publish(contractId, event) {
      try {
        const { rows } = await deps.pool.query<{ client_id: string; freelancer_id: string }>(
          "SELECT client_id, freelancer_id FROM contracts WHERE id = $1",
          [contractId],
        );
        const parties = rows[0];
        if (!parties) return;
        await publishLiveEvent(deps.redis, [parties.client_id, parties.freelancer_id], event);
      } catch (error) {
        deps.log.warn({ err: error, contractId, eventType: event.type }, `Failed to publish ${event.type}`);
      }
    },
  };
}
