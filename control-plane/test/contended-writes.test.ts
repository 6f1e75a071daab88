// Writes that race each other or outlast their transaction, against the real PostgreSQL. A fuzz run on a
// loaded machine got 500s from PUT /v1/me/freelancer-profile and PATCH /v1/proposals/{id} with ordinary
// bodies: their interactive transactions could not start or expired (Prisma P2028), the pool being held by
// a backlog of audit appends (audit-backlog.test.ts). Here the same bodies, sent 20 at once, each get a 2xx
// or the 4xx/409 their case calls for; a transaction that outlives its time (a row lock held elsewhere, no
// pooled connection free) is 503 SKP_DATABASE_BUSY with Retry-After, never a bare 500; and PostgreSQL's
// deadlock and serialization failures count as the same.
import { stackEnv } from "@skillpod/testkit";
import type { LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { Prisma } from "../src/database.js";
import { transientDatabaseError } from "../src/errors/index.js";
import { expectProblem } from "./app-harness.js";
import { signUp } from "./callers.js";
import {
  editBody,
  newHandle,
  profileBody,
  tally,
  useContendedWritesApp,
  times,
  usd,
} from "./contended-writes-fixtures.js";
import { insertJob } from "./proposals-fixtures.js";

const harness = useContendedWritesApp("contended-writes");
const { saveProfile, editProposal, proposalOn } = harness;

/** A connection as the database owner, in a transaction holding `sql`'s row locks until `release()`. */
async function lockHeld(sql: string, values: unknown[]): Promise<{ release: () => Promise<void> }> {
  const owner = new pg.Client({ connectionString: stackEnv("TEST_DATABASE_URL") });
  await owner.connect();
  await owner.query("BEGIN");
  await owner.query(sql, values);
  return {
    release: async () => {
      await owner.query("ROLLBACK");
      await owner.end();
    },
  };
}

function expectBusy(response: LightMyRequestResponse): void {
  expectProblem(response, 503, "SKP_DATABASE_BUSY");
  expect(response.headers["retry-after"]).toBe("1");
  expect(response.json<{ retryAfter: number }>().retryAfter).toBe(1);
}

describe("concurrent saves of freelancer profiles", () => {
  it("one handle claimed by 20 freelancers at once: one 201, nineteen 409 SKP_HANDLE_TAKEN", async () => {
    const freelancers = await times(20, () => signUp(harness.app, "freelancer"));
    const handle = newHandle();
    const responses = await Promise.all(freelancers.map((f) => saveProfile(f, profileBody(handle))));
    expect(tally(responses)).toBe("201×1 409×19");
    for (const r of responses.filter((r) => r.statusCode === 409)) expectProblem(r, 409, "SKP_HANDLE_TAKEN");
  }, 120_000);

  it("20 first saves of one profile at once: exactly one 201 Created, the rest 200", async () => {
    const freelancer = await signUp(harness.app, "freelancer");
    const handle = newHandle();
    const responses = await times(20, () => saveProfile(freelancer, profileBody(handle)));
    expect(tally(responses)).toBe("200×19 201×1");
    const saved = await harness.app.inject({ url: "/v1/me/freelancer-profile", headers: freelancer.headers });
    expect(saved.json()).toMatchObject({ handle, portfolioLinks: [], hourlyRate: usd(0) });
  }, 60_000);
});

describe("concurrent edits of a proposal", () => {
  it("20 edits at once with a bid of 1 minor unit: all 200, on fixed-price and hourly jobs", async () => {
    const freelancer = await signUp(harness.app, "freelancer");
    for (const billing of ["FIXED", "HOURLY"] as const) {
      const id = await proposalOn(billing, freelancer);
      const responses = await times(20, () => editProposal(freelancer, id, editBody()));
      expect(tally(responses), billing).toBe("200×20");
      expect(responses[0]!.json()).toMatchObject({ bid: usd(1), milestones: [{ amount: usd(1) }] });
    }
  }, 60_000);

  it("a due date in the past is a 422 naming it; an unknown proposal a 404", async () => {
    const freelancer = await signUp(harness.app, "freelancer");
    const id = await proposalOn("HOURLY", freelancer);
    const past = await editProposal(freelancer, id, editBody("2020-01-01T00:00:00.000Z"));
    expectProblem(past, 422, "SKP_VALIDATION_FAILED");
    expect(past.json<{ errors: { field: string }[] }>().errors).toEqual([
      expect.objectContaining({ field: "milestones.0.dueAt" }),
    ]);
    expectProblem(await editProposal(freelancer, randomUUID(), editBody()), 404, "SKP_NOT_FOUND");
  }, 60_000);
});

// Prisma gives an interactive transaction 5 s; a write waiting that long on a row another transaction
// holds (or on a machine too loaded to run it) finds its transaction expired.
describe("a transaction that outlives its time", () => {
  it("waiting on a proposal row locked elsewhere: 503 SKP_DATABASE_BUSY, and the retry passes", async () => {
    const freelancer = await signUp(harness.app, "freelancer");
    const id = await proposalOn("FIXED", freelancer);
    const lock = await lockHeld("SELECT 1 FROM proposals WHERE id = $1 FOR UPDATE", [id]);
    const blocked = editProposal(freelancer, id, editBody());
    await sleep(6_000);
    await lock.release();
    expectBusy(await blocked);
    expect((await editProposal(freelancer, id, editBody())).statusCode).toBe(200);
  }, 60_000);

  it("waiting on a profile row locked elsewhere: 503 SKP_DATABASE_BUSY, and the retry passes", async () => {
    const freelancer = await signUp(harness.app, "freelancer");
    expect((await saveProfile(freelancer, profileBody(newHandle()))).statusCode).toBe(201);
    const lock = await lockHeld("SELECT 1 FROM freelancer_profiles WHERE user_id = $1 FOR UPDATE", [
      freelancer.userId,
    ]);
    const handle = newHandle();
    const blocked = saveProfile(freelancer, profileBody(handle));
    await sleep(6_000);
    await lock.release();
    expectBusy(await blocked);
    expect((await saveProfile(freelancer, profileBody(handle))).statusCode).toBe(200);
  }, 60_000);

  it("no pooled connection free within maxWait: 503 SKP_DATABASE_BUSY, and the pool recovers", async () => {
    const freelancer = await signUp(harness.app, "freelancer");
    const id = await proposalOn("HOURLY", freelancer);
    const size = harness.app.pg.options.max ?? 10;
    const taken = await times(size, () => harness.app.pg.connect());
    const blocked = editProposal(freelancer, id, editBody());
    // Prisma waits 2 s for a connection to start the transaction on.
    await sleep(3_000);
    for (const connection of taken) connection.release();
    expectBusy(await blocked);
    const after = await times(size + 2, () => editProposal(freelancer, id, editBody()));
    expect(tally(after)).toBe(`200×${size + 2}`);
  }, 60_000);
});

// Not reachable through these two routes today (they lock rows in one order, in read committed), but any
// route can meet them; the error handler maps them with the expired transactions above.
describe("PostgreSQL's deadlock and serialization failures", () => {
  async function lockRows(tx: Prisma.TransactionClient, jobId: string): Promise<void> {
    await tx.$queryRaw(Prisma.sql`SELECT 1 FROM jobs WHERE id = ${jobId}::uuid FOR UPDATE`);
  }

  it("a deadlock is SKP_DATABASE_BUSY", async () => {
    const [a, b] = [
      await insertJob(harness.app, harness.client.userId),
      await insertJob(harness.app, harness.client.userId),
    ];
    harness.made.jobs.push(a, b);
    const crossing = (first: string, second: string): Promise<unknown> =>
      harness.app.prisma.$transaction(async (tx) => {
        await lockRows(tx, first);
        await sleep(300);
        await lockRows(tx, second);
      });
    const outcomes = await Promise.allSettled([crossing(a, b), crossing(b, a)]);
    const failed = outcomes.filter((o) => o.status === "rejected").map((o) => o.reason as unknown);
    expect(failed).toHaveLength(1);
    expect(transientDatabaseError(failed[0])?.code, String(failed[0])).toBe("SKP_DATABASE_BUSY");
  }, 30_000);

  it("a serialization failure is SKP_DATABASE_BUSY", async () => {
    const jobId = await insertJob(harness.app, harness.client.userId);
    harness.made.jobs.push(jobId);
    const error = await harness.app.prisma
      .$transaction(
        async (tx) => {
          await tx.job.findUnique({ where: { id: jobId }, select: { title: true } });
          await harness.app.prisma.job.update({ where: { id: jobId }, data: { title: "Changed meanwhile" } });
          await tx.job.update({ where: { id: jobId }, data: { title: "Changed here" } });
        },
        { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
      )
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(error, "the second write should have failed").toBeDefined();
    expect(transientDatabaseError(error)?.code, String(error)).toBe("SKP_DATABASE_BUSY");
  }, 30_000);

  it("anything else is not", () => {
    expect(transientDatabaseError(new Error("kaboom"))).toBeUndefined();
    expect(transientDatabaseError(undefined)).toBeUndefined();
  });
});
