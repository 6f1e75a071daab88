// The receiving side: each control-plane replica holds one subscriber connection on the fan-out channel and
// turns every message into one frame per recipient; a reconnecting client's missed events come from its
// stream (replay.ts).
import type { Redis } from "ioredis";
import type { LiveEvent, LiveFanout } from "./live-event.js";
import { defaultLiveKeys, liveChannel, type LiveKeys } from "./publish.js";

/**
 * The text of one frame: `{ id, type, data, at }`. The part every recipient shares is serialised once
 * (`shared`), so a fan-out to many users costs one JSON.stringify of the event.
 */
export const sharedFrameText = (event: LiveEvent, at: string): string =>
  JSON.stringify({ type: event.type, data: event.data, at }).slice(1);

export const frameText = (id: string, shared: string): string => `{"id":${JSON.stringify(id)},${shared}`;

function parseFanout(message: string): LiveFanout | undefined {
  try {
    const fanout = JSON.parse(message) as Partial<LiveFanout>;
    return fanout.event && Array.isArray(fanout.deliveries) && typeof fanout.at === "string"
      ? (fanout as LiveFanout)
      : undefined;
  } catch {
    return undefined;
  }
}

export type FanoutHandler = (fanout: LiveFanout) => void;

/**
 * Subscribes `subscriber` (a connection of its own: a subscribed ioredis connection runs no other command)
 * to the fan-out channel; `onInvalid` hears of messages that are not fan-outs. Resolves once subscribed.
 */
export async function subscribeLiveFanout(
  subscriber: Redis,
  onFanout: FanoutHandler,
  onInvalid: (message: string) => void = () => undefined,
  keys: LiveKeys = defaultLiveKeys,
): Promise<void> {
  const channel = liveChannel(keys);
  subscriber.on("message", (from: string, message: string) => {
    if (from !== channel) return;
    const fanout = parseFanout(message);
    if (fanout) onFanout(fanout);
    else onInvalid(message);
  });
  await subscriber.subscribe(channel);
}
