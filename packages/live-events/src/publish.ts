// Publishing a live event: each recipient's Redis stream keeps it for reconnecting clients (capped), then one
// pub/sub message tells every control-plane replica, which delivers it to the sockets it holds.
import type { Redis } from "ioredis";
import type { LiveEvent, LiveFanout } from "./live-event.js";

export type LiveKeys = { prefix: string };

export const defaultLiveKeys: LiveKeys = { prefix: "skillpod:live" };

/** The pub/sub channel all replicas subscribe to. */
export const liveChannel = (keys: LiveKeys = defaultLiveKeys): string => `${keys.prefix}:fanout`;

/** A user's stream of recent events (XADD ids are the cursor a reconnecting client sends back). */
export const liveStreamKey = (userId: string, keys: LiveKeys = defaultLiveKeys): string =>
  `${keys.prefix}:stream:${userId}`;

export type PublishOptions = { keys?: LiveKeys; replayEvents?: number };

/** Publishes `event` to `userIds` (deduplicated); resolves once it is stored and announced. */
export async function publishLiveEvent(
  redis: Redis,
  userIds: readonly string[],
  event: LiveEvent,
  options: PublishOptions = {},
): Promise<void> {
  const recipients = [...new Set(userIds)];
  if (recipients.length === 0) return;
  const keys = options.keys ?? defaultLiveKeys;
  const at = new Date().toISOString();
  const payload = JSON.stringify({ ...event, at });
  const batch = redis.multi();
  for (const userId of recipients) {
    batch.xadd(
      liveStreamKey(userId, keys),
      "MAXLEN",
      "~",
      String(options.replayEvents ?? 1000),
      "*",
      "event",
      payload,
    );
  }
  const results = (await batch.exec()) ?? [];
  const deliveries = recipients.map((userId, index) => {
    const [error, id] = results[index] ?? [new Error("no reply"), undefined];
    if (error) throw error;
    return { userId, id: String(id) };
  });
  const fanout: LiveFanout = { event, at, deliveries };
  await redis.publish(liveChannel(keys), JSON.stringify(fanout));
}

/** A user's open live sockets, scored by when each stops counting (refreshed while it is open). */
export const livePresenceKey = (userId: string, keys: LiveKeys = defaultLiveKeys): string =>
  `${keys.prefix}:presence:${userId}`;

/** True while the user holds at least one live socket on any replica ("message while away" asks this). */
export async function isUserLive(
  redis: Redis,
  userId: string,
  keys: LiveKeys = defaultLiveKeys,
): Promise<boolean> {
  return (await redis.zcount(livePresenceKey(userId, keys), Date.now(), "+inf")) > 0;
}
