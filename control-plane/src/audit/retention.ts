import { GENESIS_HASH } from "@skillpod/audit-format";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { createPrismaClient, type Prisma } from "../database.js";
import { SkpError, conflict, invalid } from "../errors/index.js";
import { rowOf, viewOf, type AuditEventView } from "./query.js";
import type { AuditSigner, CheckpointClaims } from "./signing.js";
import { brokenLink } from "./verify.js";

/** Serialises retention runs (not appends: an archive may take minutes and appends must not wait for it). */
export const AUDIT_RETENTION_LOCK = 0x736b_7061_7265_746en; // "skparetn"

export type ArchiveOptions = {
  /** Events that occurred before this instant are archived, as far as they form a prefix of the chain. */
  before: Date;
  /** The table owner's connection: only the owner may delete, and only with skillpod.audit_retention on. */
  ownerDatabaseUrl: string;
  signer: AuditSigner;
  /** Receives the archive as NDJSON and is ended; without one, the events are returned instead. */
  archive?: Writable;
  /** Runs after the archive is flushed and before anything is deleted (e.g. fsync the archive file). */
  beforeCommit?: () => Promise<void>;
  onProgress?: (archived: number) => void;
  pageSize?: number;
  timeoutMs?: number;
};

export type CheckpointView = {
  id: string;
  createdAt: string;
  upToEventId: string;
  lastHash: string;
  archivedCount: number;
  keyId: string;
  signature: string;
};

export type ArchiveResult = {
  archivedCount: number;
  checkpoint: CheckpointView | null;
  events: AuditEventView[];
};

type Transaction = Prisma.TransactionClient;
type Range = { afterId: bigint; upToId: bigint; prevHash: string };
type Walk = { archivedCount: number; lastId: bigint; lastHash: string; events: AuditEventView[] };

/**
 * The ids to archive: after the latest checkpoint, up to the event before the first one that is not old
 * enough. Bounding by id here keeps events appended meanwhile out, whatever their timestamps.
 */
async function rangeOf(tx: Transaction, before: Date): Promise<Range | undefined> {
  const latest = await tx.auditCheckpoint.findFirst({ orderBy: { id: "desc" } });
  const [bounds] = await tx.$queryRaw<{ up_to: bigint }[]>`
    SELECT COALESCE(
      (SELECT id - 1 FROM audit_events WHERE occurred_at >= ${before} ORDER BY id LIMIT 1),
      (SELECT max(id) FROM audit_events),
      0
    ) AS up_to`;
  const afterId = latest?.upToEventId ?? 0n;
  const upToId = BigInt(bounds?.up_to ?? 0);
  if (upToId <= afterId) return undefined;
  return { afterId, upToId, prevHash: latest?.lastHash ?? GENESIS_HASH };
}

async function writeChunk(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, "drain");
}

/**
 * Waits for 'finish' (everything handed to the destination), not for 'close': a stream that does not own its
 * descriptor (autoClose: false) never closes, and stream/promises' finished() would wait for it forever.
 */
function endArchive(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once("error", reject);
    stream.end(() => resolve());
  });
}

/** Reads the range page by page, checking each link, so a checkpoint is never signed over a broken chain. */
async function walkRange(tx: Transaction, range: Range, options: ArchiveOptions): Promise<Walk> {
  const pageSize = options.pageSize ?? 1000;
  const walk: Walk = { archivedCount: 0, lastId: range.afterId, lastHash: range.prevHash, events: [] };
  for (;;) {
    const rows = await tx.auditEvent.findMany({
      where: { id: { gt: walk.lastId, lte: range.upToId } },
      orderBy: { id: "asc" },
      take: pageSize,
    });
    const views = rows.map((row) => {
      if (brokenLink(rowOf(row), walk.lastHash))
        throw conflict(
          "SKP_AUDIT_CHAIN_BROKEN",
          `The audit chain is broken at event ${row.id}; nothing archived`,
        );
      walk.lastHash = row.hash;
      walk.lastId = row.id;
      return viewOf(rowOf(row));
    });
    walk.archivedCount += views.length;
    if (options.archive)
      await writeChunk(options.archive, views.map((v) => `${JSON.stringify(v)}\n`).join(""));
    else walk.events.push(...views);
    options.onProgress?.(walk.archivedCount);
    if (rows.length < pageSize) return walk;
  }
}

function checkpointView(checkpoint: CheckpointClaims & { id: bigint; signature: string }): CheckpointView {
  return {
    id: checkpoint.id.toString(),
    createdAt: checkpoint.createdAt.toISOString(),
    upToEventId: checkpoint.upToEventId.toString(),
    lastHash: checkpoint.lastHash,
    archivedCount: checkpoint.archivedCount,
    keyId: checkpoint.keyId,
    signature: checkpoint.signature,
  };
}

/** Fails before a long archive is written, rather than at the final DELETE, when the role is not the owner. */
async function assertTableOwner(tx: Transaction): Promise<void> {
  const [row] = await tx.$queryRaw<{ owner: boolean }[]>`
    SELECT pg_has_role(current_user, tableowner, 'MEMBER') AS owner
    FROM pg_tables WHERE tablename = 'audit_events' AND schemaname = current_schema()`;
  if (!row?.owner)
    throw new SkpError("SKP_AUDIT_OWNER_REQUIRED", 403, "Retention must run as the owner of audit_events");
}

async function archiveInTransaction(tx: Transaction, options: ArchiveOptions): Promise<ArchiveResult> {
  await assertTableOwner(tx);
  await tx.$executeRaw`SELECT set_config('skillpod.audit_retention', 'on', true)`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_RETENTION_LOCK})`;
  const range = await rangeOf(tx, options.before);
  const walk = range ? await walkRange(tx, range, options) : undefined;
  if (options.archive) await endArchive(options.archive);
  if (!walk || walk.archivedCount === 0) return { archivedCount: 0, checkpoint: null, events: [] };
  await options.beforeCommit?.();
  const claims: CheckpointClaims = {
    upToEventId: walk.lastId,
    lastHash: walk.lastHash,
    archivedCount: walk.archivedCount,
    keyId: options.signer.keyId,
    createdAt: new Date(),
  };
  const checkpoint = await tx.auditCheckpoint.create({
    data: { ...claims, signature: options.signer.sign(claims) },
  });
  const deleted = await tx.auditEvent.deleteMany({ where: { id: { lte: walk.lastId } } });
  if (deleted.count !== walk.archivedCount)
    throw conflict(
      "SKP_AUDIT_ARCHIVE_MISMATCH",
      `Archived ${walk.archivedCount} events but found ${deleted.count}`,
    );
  return { archivedCount: walk.archivedCount, checkpoint: checkpointView(checkpoint), events: walk.events };
}

/**
 * Retention: moves the oldest events (a whole prefix of the chain) into an archive and replaces them with a
 * signed checkpoint, in one transaction, so the rows are deleted only if the archive was written and the
 * checkpoint stored; verification then starts from the checkpoint's lastHash. Runs as the table owner.
 */
export async function archiveAuditEvents(options: ArchiveOptions): Promise<ArchiveResult> {
  if (options.signer.ephemeral)
    throw invalid(
      "SKP_AUDIT_SIGNING_KEY_REQUIRED",
      "Retention needs AUDIT_SIGNING_KEY: a per-process key cannot be verified later",
    );
  if (Number.isNaN(options.before.getTime()) || options.before.getTime() > Date.now())
    throw invalid("SKP_AUDIT_INVALID_CUTOFF", "The retention cutoff must be a valid instant in the past");
  const prisma = createPrismaClient(options.ownerDatabaseUrl);
  try {
    return await prisma.$transaction((tx) => archiveInTransaction(tx, options), {
      maxWait: 10_000,
      timeout: options.timeoutMs ?? 3_600_000,
    });
  } finally {
    await prisma.$disconnect();
  }
}
