// The audit-exports consumer against the real stack: events appended to the test database's audit chain as real
// links (under an actor id no other run uses, so the export's filter isolates them), BullMQ on the stack's
// Redis, files on local disk.
import { stackEnv, waitFor } from "@skillpod/testkit";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AUDIT_EXPORTS_QUEUE,
  createAuditExportWorker,
  requestAuditExport,
  type AuditExportWorkerOptions,
} from "../src/audit-exports/index.js";
import { appendAuditEvent, brokenLinksOf } from "./audit-chain.js";
import { seeds, type Seed } from "./audit-export-seeds.js";

type Inserted = Seed & { id: string; occurredAt: string; actorId: string; prevHash: string; hash: string };

type ExportRow = {
  state: string;
  path: string | null;
  row_count: number | null;
  sha256: string | null;
  error: string | null;
  finished_at: Date | null;
};

const run = randomUUID();
const actor = `test-export-actor-${run}`;
const requestedBy = `test-export-auditor-${run}`;
const start = Date.parse("2026-02-03T04:05:06.007Z");

const redisUrl = stackEnv("REDIS_URL");
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 4 });
const log = pino({ level: "silent" });
const events: Inserted[] = [];
/** Every event this file appended, the other actor's included, for the chain check at the end. */
const inserted: string[] = [];
let exportDir: string;

/** Appends the seed as a real link of the shared test database's audit chain, never with a made-up hash. */
async function insertEvent(actorId: string, seed: Seed, index: number): Promise<Inserted> {
  const occurredAt = new Date(start + index * 60_000);
  const appended = await appendAuditEvent(pool, { ...seed, occurredAt, actorId });
  inserted.push(appended.id);
  const { id, prevHash, hash } = appended;
  return { ...seed, id, occurredAt: occurredAt.toISOString(), actorId, prevHash, hash };
}

/** The event as the control plane's export shows it, keys in the format's order. */
function viewOf(event: Inserted): Record<string, unknown> {
  return {
    id: event.id,
    occurredAt: event.occurredAt,
    actorType: event.actorType,
    actorId: event.actorId,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    requestId: event.requestId,
    ip: event.ip,
    outcome: event.outcome,
    details: event.details,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

/** A strict RFC 4180 reader: every record must end in CRLF and every quote must be closed. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      record.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      records.push([...record, cell]);
      record = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (quoted || cell !== "" || record.length > 0) throw new Error("CSV ends inside a record");
  return records;
}

async function exportRow(id: string): Promise<ExportRow> {
  const result = await pool.query<ExportRow>(
    "SELECT state, path, row_count, sha256, error, finished_at FROM audit_exports WHERE id = $1",
    [id],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`audit export ${id} has no row`);
  return row;
}

function finished(id: string, states: string[] = ["done", "failed"]): Promise<ExportRow> {
  return waitFor(
    `audit export ${id} to reach ${states.join(" or ")}`,
    async () => {
      const row = await exportRow(id);
      return states.includes(row.state) ? row : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}

function sha256Of(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

beforeAll(async () => {
  exportDir = await mkdtemp(join(tmpdir(), "skillpod-audit-exports-"));
  for (const [index, seed] of seeds.entries()) {
    events.push(await insertEvent(actor, seed, index));
    // Same times, another actor: must never show up in an export filtered by `actor`.
    await insertEvent(`${actor}-other`, seed, index);
  }
});

afterAll(async () => {
  // audit_events is append-only (a trigger refuses DELETE), so the seeded events stay; only our requests go.
  await pool.query("DELETE FROM audit_exports WHERE requested_by = $1", [requestedBy]);
  await rm(exportDir, { recursive: true, force: true });
  await pool.end();
  redis.disconnect();
});

describe("the audit-exports consumer", () => {
  let queue: Queue;
  let worker: ReturnType<typeof createAuditExportWorker> | undefined;
  let workerConnection: Redis | undefined;

  async function startWorker(overrides: Partial<AuditExportWorkerOptions> = {}): Promise<void> {
    const prefix = `test-audit-exports-${randomUUID()}`;
    queue = new Queue(AUDIT_EXPORTS_QUEUE, { connection: redis, prefix });
    workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    // Two events per query, so five events take three keyset pages.
    worker = createAuditExportWorker({
      connection: workerConnection,
      pool,
      exportDir,
      log,
      prefix,
      batchSize: 2,
      ...overrides,
    });
    await worker.waitUntilReady();
  }

  afterEach(async () => {
    await worker?.close();
    workerConnection?.disconnect();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it("writes an actor's events as CSV, escaped, with the row count and digest recorded", async () => {
    await startWorker();
    const id = await requestAuditExport(
      { pool, queue },
      { requestedBy, format: "csv", filters: { actorId: actor } },
    );
    const row = await finished(id);

    expect(row).toMatchObject({
      state: "done",
      path: join(exportDir, `${id}.csv`),
      row_count: 5,
      error: null,
    });
    expect(row.finished_at).toBeInstanceOf(Date);
    const bytes = await readFile(join(exportDir, `${id}.csv`));
    expect(row.sha256).toBe(sha256Of(bytes));
    expect((await stat(join(exportDir, `${id}.csv`))).mode & 0o777).toBe(0o600);
    expect((await readdir(exportDir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    const text = bytes.toString("utf8");
    expect(text.startsWith("id,occurredAt,actorType,actorId,action,targetType,targetId,requestId,ip,")).toBe(
      true,
    );
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual([
      "id",
      "occurredAt",
      "actorType",
      "actorId",
      "action",
      "targetType",
      "targetId",
      "requestId",
      "ip",
      "outcome",
      "details",
      "prevHash",
      "hash",
    ]);
    expect(records).toHaveLength(5);
    for (const [index, record] of records.entries()) {
      const event = events[index];
      if (!event) throw new Error("fewer events than records");
      const { details, ...rest } = viewOf(event);
      const expected = Object.values(rest).map((value) => (value as string | null) ?? "");
      expect([...record.slice(0, 10), ...record.slice(11)]).toEqual(
        expected.map((value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)),
      );
      expect(JSON.parse(record[10] ?? "")).toEqual(details);
    }

    // The exact bytes of the row with commas, quotes and a newline, as the control plane writes them.
    const second = events[1];
    expect(text).toContain(
      `\r\n${second?.id},2026-02-03T04:06:06.007Z,user,${actor},"note, ""quoted""",contracts,,r-2,127.0.0.1,` +
        `success,"{""text"":""x,\\""y\\""\\nz""}",${second?.prevHash},${second?.hash}\r\n`,
    );
    expect(records[3]?.[4]).toBe("'=SUM(A1:A2)");
    expect(records[2]?.[6]).toBe("line1\nline2");
    expect(records[2]?.[7]).toBe("r\r\n3");
  });

  it("writes NDJSON in id order, filtered by time window and by action", async () => {
    await startWorker();
    const windowed = await requestAuditExport(
      { pool, queue },
      {
        requestedBy,
        format: "ndjson",
        filters: {
          actorId: actor,
          from: new Date(start + 60_000),
          to: new Date(start + 3 * 60_000).toISOString(),
        },
      },
    );
    const byAction = await requestAuditExport(
      { pool, queue },
      { requestedBy, format: "ndjson", filters: { actorId: actor, action: "=SUM(A1:A2)" } },
    );
    const everything = await requestAuditExport(
      { pool, queue },
      { requestedBy, format: "ndjson", filters: { actorId: actor } },
    );

    for (const [id, expected] of [
      [windowed, events.slice(1, 3)],
      [byAction, events.slice(3, 4)],
      [everything, events],
    ] as const) {
      const row = await finished(id);
      expect(row).toMatchObject({
        state: "done",
        path: join(exportDir, `${id}.ndjson`),
        row_count: expected.length,
      });
      const bytes = await readFile(join(exportDir, `${id}.ndjson`));
      expect(row.sha256).toBe(sha256Of(bytes));
      const lines = bytes.toString("utf8").split("\n");
      expect(lines.pop()).toBe("");
      expect(lines).toHaveLength(expected.length);
      for (const [index, line] of lines.entries()) {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        const view = viewOf(expected[index] as Inserted);
        expect(parsed).toEqual(view);
        expect(Object.keys(parsed)).toEqual(Object.keys(view));
      }
    }
  });

  it("overwrites what an earlier attempt left behind when the job runs again", async () => {
    await startWorker();
    const id = await requestAuditExport(
      { pool, queue },
      { requestedBy, format: "csv", filters: { actorId: actor } },
    );
    const first = await finished(id);
    const path = join(exportDir, `${id}.csv`);
    const original = await readFile(path);

    // Longer than the real file, so a write that did not truncate would leave a tail behind.
    const garbage = "garbage\r\n".repeat(10_000);
    await writeFile(path, garbage);
    await writeFile(`${path}.tmp`, garbage);
    await queue.remove(id);
    await queue.add("export", { exportId: id }, { jobId: id });
    await waitFor("the export to run again", async () => (await queue.getJobState(id)) === "completed", {
      timeoutMs: 30_000,
      intervalMs: 100,
    });

    const again = await exportRow(id);
    expect(again).toMatchObject({ state: "done", row_count: 5, sha256: first.sha256 });
    expect((await readFile(path)).equals(original)).toBe(true);
    expect((await readdir(exportDir)).filter((name) => name.startsWith(id))).toEqual([`${id}.csv`]);
  });

  it("marks the export failed and leaves the job to BullMQ's retries when it cannot be written", async () => {
    const blocker = join(exportDir, `not-a-directory-${randomUUID()}`);
    await writeFile(blocker, "");
    await startWorker({ exportDir: join(blocker, "exports") });
    const id = await requestAuditExport(
      { pool, queue },
      { requestedBy, format: "csv", filters: { actorId: actor } },
    );
    const row = await finished(id, ["failed"]);

    expect(row.error).toMatch(/ENOTDIR|EEXIST/);
    expect(row).toMatchObject({ path: null, row_count: null, sha256: null });
    await waitFor("the job to wait for its retry", async () => (await queue.getJobState(id)) === "delayed", {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    expect((await queue.getJob(id))?.attemptsMade).toBe(1);
  });

  it("refuses invalid requests and invalid jobs without retrying", async () => {
    await startWorker();
    await expect(
      requestAuditExport(
        { pool, queue },
        { requestedBy, format: "csv", filters: { from: new Date(start), to: new Date(start) } },
      ),
    ).rejects.toThrow(/earlier/);
    await expect(
      requestAuditExport({ pool, queue }, { requestedBy, format: "xml" as "csv", filters: {} }),
    ).rejects.toThrow(/format/);
    const rows = await pool.query(
      "SELECT 1 FROM audit_exports WHERE requested_by = $1 AND state = 'queued'",
      [requestedBy],
    );
    expect(rows.rowCount).toBe(0);

    const missing = randomUUID();
    for (const [jobId, data] of [
      ["not-an-id", { exportId: "not-an-id" }],
      [missing, { exportId: missing }],
    ] as const) {
      await queue.add("export", data, { jobId, attempts: 3, backoff: 1_000 });
      await waitFor(`job ${jobId} to fail`, async () => (await queue.getJobState(jobId)) === "failed", {
        timeoutMs: 10_000,
        intervalMs: 100,
      });
      expect((await queue.getJob(jobId))?.attemptsMade).toBe(1);
    }
  });
});

// The events above go into the shared test database, whose chain other suites verify (the portal's auditor
// journey among them): every one of them must be a sound link, or this file has broken that chain for good.
describe("the events this file appended", () => {
  it("are links of the shared audit chain", async () => {
    expect(inserted).toHaveLength(seeds.length * 2);
    expect(await brokenLinksOf(pool, inserted)).toEqual([]);
  });
});
