// Proves Redis is real for BullMQ: a job is queued, consumed by a worker and its result read back.
import { stackEnv } from "@skillpod/testkit";
import { Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";

describe("BullMQ on the stack's Redis", () => {
  it("runs a job through a queue and a worker", async () => {
    const url = stackEnv("REDIS_URL");
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    const name = `smoke-${randomUUID()}`;
    const queue = new Queue(name, { connection });
    const events = new QueueEvents(name, { connection: new Redis(url, { maxRetriesPerRequest: null }) });
    const worker = new Worker(
      name,
      (job) => Promise.resolve({ doubled: (job.data as { n: number }).n * 2 }),
      {
        connection: new Redis(url, { maxRetriesPerRequest: null }),
      },
    );
    try {
      await events.waitUntilReady();
      const job = await queue.add("double", { n: 21 });
      await expect(job.waitUntilFinished(events, 30_000)).resolves.toEqual({ doubled: 42 });
      expect(await queue.getJobCounts("completed")).toEqual({ completed: 1 });
    } finally {
      await worker.close();
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    }
  });
});
