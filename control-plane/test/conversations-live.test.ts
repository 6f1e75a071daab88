// What a message sets off beyond the database: live events on the Redis fan-out channel, naming exactly the
// conversation's participants, and a "message while away" notice on the workers' notifications queue for a
// recipient with no live socket (at most one per conversation in ten minutes), none for one who is live.
import { liveChannel, livePresenceKey, type LiveFanout } from "@skillpod/live-events";
import { Queue } from "bullmq";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "./callers.js";
import {
  insertContract,
  said,
  talker,
  type ConversationBody,
  type Talker,
  conversationsApp,
} from "./conversations-fixtures.js";

let app: FastifyInstance;
let close: () => Promise<void>;
let subscriber: Redis;
let queue: Queue;
const fanouts: LiveFanout[] = [];

beforeAll(async () => {
  let prefix: string;
  ({ app, prefix, close } = await conversationsApp());
  subscriber = app.redis.duplicate();
  subscriber.on("message", (_channel: string, payload: string) =>
    fanouts.push(JSON.parse(payload) as LiveFanout),
  );
  await subscriber.subscribe(liveChannel());
  queue = new Queue("notifications", { connection: app.redis.duplicate(), prefix });
});
afterAll(async () => {
  await queue?.close();
  await subscriber?.quit();
  await close?.();
});

type Pair = { client: SignedIn; freelancer: SignedIn; asClient: Talker; asFreelancer: Talker; id: string };

async function pair(): Promise<Pair> {
  const [client, freelancer] = await Promise.all([signUp(app, "client"), signUp(app, "freelancer")]);
  const asClient = talker(app, client);
  const contractId = await insertContract(app, client.userId, freelancer.userId);
  const id = (await asClient.contractConversation(contractId)).json<ConversationBody>().id;
  return { client, freelancer, asClient, asFreelancer: talker(app, freelancer), id };
}

/** The fan-out of this event about this message (other tests publish on the same channel). */
async function fanoutOf(
  type: string,
  match: (data: Record<string, unknown>) => boolean,
): Promise<LiveFanout> {
  for (let waited = 0; waited < 5000; waited += 25) {
    const found = fanouts.find((fanout) => fanout.event.type === type && match(fanout.event.data));
    if (found) return found;
    await sleep(25);
  }
  throw new Error(`No ${type} fan-out arrived`);
}

const recipients = (fanout: LiveFanout): string[] => fanout.deliveries.map((d) => d.userId).sort();
const aboutMessage = (id: string) => (data: Record<string, unknown>) =>
  (data.message as { id?: string } | undefined)?.id === id;

async function noticesFor(userId: string): Promise<{ kind: string; userId: string; title: string }[]> {
  const jobs = await queue.getJobs(["waiting", "delayed", "active", "completed", "failed", "prioritized"]);
  return jobs
    .map((job) => job.data as { kind: string; userId: string; title: string })
    .filter((d) => d.userId === userId);
}

describe("live events", () => {
  it("fan out message.created, message.updated and conversation.read to exactly the participants", async () => {
    const p = await pair();
    const parties = [p.client.userId, p.freelancer.userId].sort();
    const message = await said(p.asClient, p.id, "Live hello");
    const created = await fanoutOf("message.created", aboutMessage(message.id));
    expect(recipients(created)).toEqual(parties);
    expect(created.event.data).toMatchObject({
      conversationId: p.id,
      message: { body: "Live hello", seq: message.seq },
    });
    expect(
      created.deliveries.every((d) => /^\d+-\d+$/.test(d.id)),
      "stream ids for reconnects",
    ).toBe(true);

    await p.asClient.edit(p.id, message.id, "Live hello, edited");
    const updated = await fanoutOf("message.updated", aboutMessage(message.id));
    expect(recipients(updated)).toEqual(parties);
    expect(updated.event.data).toMatchObject({ message: { body: "Live hello, edited" } });

    await p.asFreelancer.read(p.id, message.seq);
    const read = await fanoutOf("conversation.read", (data) => data.conversationId === p.id);
    expect(recipients(read)).toEqual(parties);
    expect(read.event.data).toEqual({
      conversationId: p.id,
      userId: p.freelancer.userId,
      lastReadSeq: message.seq,
      lastReadAt: expect.any(String) as unknown,
    });
  });
});

describe("message while away", () => {
  it("notifies an offline recipient once per conversation in ten minutes, and never the author", async () => {
    const p = await pair();
    await said(p.asClient, p.id, "Are you there?");
    await said(p.asClient, p.id, "Ping again");
    const notices = await noticesFor(p.freelancer.userId);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: "message.received", userId: p.freelancer.userId });
    expect(notices[0]!.title).toContain("sent you a message");
    expect(await noticesFor(p.client.userId), "the author is not notified").toEqual([]);
  });

  it("does not notify a recipient who holds a live socket", async () => {
    const p = await pair();
    const presence = livePresenceKey(p.freelancer.userId);
    await app.redis.zadd(presence, Date.now() + 60_000, `socket-${randomUUID()}`);
    try {
      await said(p.asClient, p.id, "You are online, no email needed");
      expect(await noticesFor(p.freelancer.userId)).toEqual([]);
      await said(p.asFreelancer, p.id, "Client is offline");
      expect(await noticesFor(p.client.userId)).toHaveLength(1);
    } finally {
      await app.redis.del(presence);
    }
  });
});
