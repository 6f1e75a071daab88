// Every state-changing request is audited after its response, denied ones included, and the fuzzer sends
// them one after another as fast as they are answered. Appends used to pile up, each holding a pooled
// connection while it queued for the chain's lock, until the writes behind them found no connection to
// start a transaction on (the fuzz run's 500s, now 503s) and appends waiting past 10 s were lost. The
// writer now queues appends in memory and writes them in batches on one connection; these tests hold it to
// that, to the chain's order, and to losing nothing but an event the database refuses.
import type { LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { rowOf, type AuditEventRow } from "../src/audit/query.js";
import { brokenLink } from "../src/audit/verify.js";
import { AuditWriter, type AuditEventInput } from "../src/index.js";
import { signUp } from "./callers.js";
import {
  editBody,
  newHandle,
  profileBody,
  tally,
  useContendedWritesApp,
} from "./contended-writes-fixtures.js";

const harness = useContendedWritesApp("audit-backlog");
const { saveProfile, editProposal, proposalOn } = harness;

/** The rows of these requests, each checked as verify checks it: its stored fields hash to its hash. */
async function storedEvents(where: { requestId?: string; targetId?: string }): Promise<AuditEventRow[]> {
  const rows = (await harness.app.prisma.auditEvent.findMany({ where, orderBy: { id: "asc" } })).map(rowOf);
  for (const row of rows) expect(brokenLink(row, row.prevHash), `event ${row.id}`).toBeUndefined();
  return rows;
}

describe("a burst of audited requests", () => {
  it("leaves connections for the writes behind it, and loses no audit event", async () => {
    const freelancer = await signUp(harness.app, "freelancer");
    const id = await proposalOn("HOURLY", freelancer);
    // One after another, as the fuzzer sends them: each answered at once, its audit event written after.
    const denials: LightMyRequestResponse[] = [];
    for (let i = 0; i < 1500; i += 1)
      denials.push(await editProposal({ headers: { authorization: "Bearer forged" } }, id, {}));
    expect(tally(denials)).toBe("401×1500");
    const requestIds = denials.map((denied) => String(denied.headers["x-request-id"]));
    const [edited, saved] = await Promise.all([
      editProposal(freelancer, id, editBody()),
      saveProfile(freelancer, profileBody(newHandle())),
    ]);
    expect(tally([edited, saved])).toBe("200×1 201×1");
    const written = async (): Promise<number> =>
      harness.app.prisma.auditEvent.count({ where: { requestId: { in: requestIds } } });
    const deadline = Date.now() + 60_000;
    while ((await written()) < requestIds.length && Date.now() < deadline) await sleep(250);
    expect(await written()).toBe(requestIds.length);
  }, 180_000);
});

describe("the audit writer's batches", () => {
  const run = randomUUID();
  const event = (i: number, details: Record<string, unknown> = { i }): AuditEventInput => ({
    actorType: "system",
    action: `audit-backlog.${i}`,
    requestId: run,
    outcome: "success",
    details,
  });

  it("append in call order as links of the chain; an event the database refuses loses only itself", async () => {
    const writer = new AuditWriter(harness.app.prisma);
    // jsonb refuses \u0000: PostgreSQL refuses the event that carries it, whichever batch it is in.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 250 }, (_, i) =>
        writer.append(event(i, i === 120 ? { text: "a\u0000b" } : { i })),
      ),
    );
    expect(outcomes.flatMap((o, i) => (o.status === "rejected" ? [i] : []))).toEqual([120]);
    const rows = await storedEvents({ requestId: run });
    expect(rows.map((row) => row.action)).toEqual(
      Array.from({ length: 250 }, (_, i) => `audit-backlog.${i}`).filter((_, i) => i !== 120),
    );
    const appended = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    expect(rows.map((row) => [row.id, row.hash, row.prevHash])).toEqual(
      appended.map((a) => [a.id, a.hash, a.prevHash]),
    );
    // Each links to the one before it, unless another writer's event came between two batches.
    const linked = rows.slice(1).filter((row, i) => row.prevHash === rows[i]!.hash).length;
    expect(linked).toBeGreaterThan(rows.length - 10);
  }, 60_000);

  it("keeps the event of a request whose path parameter holds NUL, with U+FFFD in its place", async () => {
    const target = `a\u0000b-${randomUUID()}`;
    const denied = await harness.app.inject({
      method: "PATCH",
      url: `/v1/jobs/${encodeURIComponent(target)}`,
      payload: {},
    });
    expect(denied.statusCode).toBe(401);
    const stored = `a\ufffdb-${target.slice(4)}`;
    const deadline = Date.now() + 30_000;
    const find = async (): Promise<AuditEventRow[]> => storedEvents({ targetId: stored });
    while ((await find()).length === 0 && Date.now() < deadline) await sleep(100);
    expect(await find()).toEqual([expect.objectContaining({ outcome: "denied", actorId: null })]);
  }, 60_000);
});
