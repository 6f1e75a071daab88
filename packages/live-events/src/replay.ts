// What a reconnecting client missed: the events after its cursor in its stream, or a resync when the stream
// no longer holds all of them (trimmed past the cursor, or gone).
import type { Redis } from "ioredis";
import type { DeliveredLiveEvent, LiveEvent } from "./live-event.js";
import { defaultLiveKeys, liveStreamKey, type LiveKeys } from "./publish.js";
import { compareLiveEventIds } from "./stream-ids.js";

export type LiveReplay = { resync: true } | { resync: false; events: DeliveredLiveEvent[] };

type StreamInfo = { length: number; entriesAdded: number; firstId?: string; maxDeletedId: string };

const textOr = (value: unknown, fallback: string): string => (typeof value === "string" ? value : fallback);

function streamInfoOf(reply: unknown[]): StreamInfo {
  const fields = new Map<string, unknown>();
  for (let i = 0; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), reply[i + 1]);
  const first = fields.get("first-entry");
  return {
    length: Number(fields.get("length") ?? 0),
    entriesAdded: Number(fields.get("entries-added") ?? 0),
    ...(Array.isArray(first) && first[0] ? { firstId: String(first[0]) } : {}),
    maxDeletedId: textOr(fields.get("max-deleted-entry-id"), "0-0"),
  };
}

async function streamInfo(redis: Redis, key: string): Promise<StreamInfo | undefined> {
  try {
    return streamInfoOf((await redis.xinfo("STREAM", key)) as unknown[]);
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) return undefined;
    throw error;
  }
}

/**
 * True when an event after `cursor` may have left the stream. Trimming (MAXLEN) does not move
 * max-deleted-entry-id, so a cursor before the first retained entry of a trimmed stream counts as missed
 * (conservative: at worst a client that missed nothing reloads once). A stream that is gone lost its events.
 */
function missedSome(info: StreamInfo | undefined, cursor: string): boolean {
  if (!info) return true;
  if (compareLiveEventIds(cursor, info.maxDeletedId) < 0) return true;
  const trimmed = info.entriesAdded > info.length;
  return trimmed && info.firstId !== undefined && compareLiveEventIds(cursor, info.firstId) < 0;
}

function deliveredOf(id: string, fields: string[]): DeliveredLiveEvent | undefined {
  const index = fields.indexOf("event");
  const text = index >= 0 ? fields[index + 1] : undefined;
  if (text === undefined) return undefined;
  const stored = JSON.parse(text) as LiveEvent & { at: string };
  return { id, type: stored.type, data: stored.data, at: stored.at };
}

export type ReplayOptions = { keys?: LiveKeys; pageSize?: number };

async function readAfter(
  redis: Redis,
  key: string,
  cursor: string,
  pageSize: number,
): Promise<DeliveredLiveEvent[]> {
  const events: DeliveredLiveEvent[] = [];
  let after = cursor;
  for (;;) {
    const page = await redis.xrange(key, `(${after}`, "+", "COUNT", pageSize);
    for (const [id, fields] of page) {
      const event = deliveredOf(id, fields);
      if (event) events.push(event);
      after = id;
    }
    if (page.length < pageSize) return events;
  }
}

/**
 * The user's events after `cursor` (exclusive), oldest first, or `{ resync: true }`. The stream is checked
 * after it is read: trimming removes the oldest entries only, so if nothing after the cursor is gone then,
 * nothing was gone while reading either.
 */
export async function replayLiveEvents(
  redis: Redis,
  userId: string,
  cursor: string,
  options: ReplayOptions = {},
): Promise<LiveReplay> {
  const key = liveStreamKey(userId, options.keys ?? defaultLiveKeys);
  const events = await readAfter(redis, key, cursor, options.pageSize ?? 500);
  if (missedSome(await streamInfo(redis, key), cursor)) return { resync: true };
  return { resync: false, events };
}
