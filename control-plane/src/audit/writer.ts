import {
  AUDIT_APPEND_LOCK,
  GENESIS_HASH,
  chainHash,
  normaliseDetails,
  type AuditEventFields,
} from "@skillpod/audit-format";
import { Prisma, type PrismaClient } from "../database.js";
import { transientDatabaseError } from "../errors/index.js";

export type AuditEventInput = {
  actorType: string;
  actorId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  requestId?: string | null;
  ip?: string | null;
  outcome: string;
  details?: Record<string, unknown>;
};

export type AppendedEvent = { id: bigint; occurredAt: Date; prevHash: string; hash: string };

export type AuditWriterOptions = {
  /** How long an append may wait for a pooled connection, and then run, in ms. */
  maxWaitMs?: number;
  timeoutMs?: number;
};

type ChainHead = { now: Date; head: string | null };
type Link = { fields: AuditEventFields; prevHash: string; hash: string };
type Pending = {
  input: AuditEventInput;
  resolve: (event: AppendedEvent) => void;
  reject: (error: unknown) => void;
};

/** Events one transaction appends at most (twelve parameters each, far below PostgreSQL's 65,535). */
const BATCH_SIZE = 100;

/**
 * Appends events to the hash chain. Appends are serialised by a transaction-scoped advisory lock: the lock
 * is one extra round trip and blocks only other appends, never readers (unlike a table lock). The head must
 * be read in a statement after the lock: a READ COMMITTED statement sees rows committed before it started,
 * so reading in the locking statement itself could miss the previous writer's row and fork the chain.
 *
 * Within a process, appends queue in memory and are written in batches by one transaction at a time. Each
 * append used to take a pooled connection and then wait there for the lock: a burst of audited requests
 * (every state-changing one is, denied ones included) held the whole pool, so the requests behind it could
 * not start their own transactions (500s), and appends still waiting after maxWait were lost. Now the
 * writer holds at most one connection, and a backlog drains a batch per lock instead of one event per lock.
 */
export class AuditWriter {
  readonly #prisma: PrismaClient;
  readonly #options: Required<AuditWriterOptions>;
  readonly #queue: Pending[] = [];
  #draining = false;

  constructor(prisma: PrismaClient, options: AuditWriterOptions = {}) {
    this.#prisma = prisma;
    this.#options = { maxWaitMs: 10_000, timeoutMs: 10_000, ...options };
  }

  /** Resolves once the event is committed in the chain, in the order append was called. */
  append(input: AuditEventInput): Promise<AppendedEvent> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      if (this.#draining) return;
      this.#draining = true;
      void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    // Taking an empty batch and clearing the flag happen in one synchronous step: an append either lands
    // in a batch this loop takes or finds the flag cleared and starts the next drain.
    for (let batch = this.#next(); batch.length > 0; batch = this.#next()) await this.#settle(batch);
    this.#draining = false;
  }

  #next(): Pending[] {
    return this.#queue.splice(0, BATCH_SIZE);
  }

  async #settle(batch: Pending[]): Promise<void> {
    try {
      const appended = await this.#write(batch.map((pending) => pending.input));
      batch.forEach((pending, i) => pending.resolve(appended[i]!));
    } catch (error) {
      if (batch.length === 1 || transientDatabaseError(error)) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      // An event the database refuses must not take the rest of its batch with it: each on its own.
      for (const pending of batch) await this.#settle([pending]);
    }
  }

  async #write(inputs: AuditEventInput[]): Promise<AppendedEvent[]> {
    return this.#prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`;
        const { now, head } = await chainHead(tx);
        const links = linked(inputs, now, head ?? GENESIS_HASH);
        const ids = await insertLinks(tx, links);
        return links.map((link, i) => ({
          id: ids[i]!,
          occurredAt: now,
          prevHash: link.prevHash,
          hash: link.hash,
        }));
      },
      { maxWait: this.#options.maxWaitMs, timeout: this.#options.timeoutMs },
    );
  }
}

/** The database clock and the chain's last hash, read under the lock (see AuditWriter). */
async function chainHead(tx: Prisma.TransactionClient): Promise<ChainHead> {
  // The database clock, read under the lock, keeps occurredAt in chain order across replicas; truncated
  // to the column's millisecond precision so the hashed value is the stored value.
  const [state] = await tx.$queryRaw<ChainHead[]>`
    SELECT date_trunc('milliseconds', clock_timestamp()) AS now,
      COALESCE(
        (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1),
        (SELECT last_hash FROM audit_checkpoints ORDER BY up_to_event_id DESC LIMIT 1)
      ) AS head`;
  if (!state) throw new Error("The chain head query returned no row");
  return state;
}

/** The events as links of the chain, each hashed onto the one before it. */
function linked(inputs: AuditEventInput[], now: Date, head: string): Link[] {
  const links: Link[] = [];
  for (const input of inputs) {
    const fields = fieldsOf(input, now);
    const prevHash = links.at(-1)?.hash ?? head;
    links.push({ fields, prevHash, hash: chainHash(prevHash, fields) });
  }
  return links;
}

/**
 * One INSERT for the batch, returning the ids in chain order. Raw SQL, not auditEvent.create: Prisma's Json
 * input rounds doubles to 16 significant digits (0.1 + 0.2 is stored as 0.3), and the stored details would
 * no longer hash to `hash`. The text sent here is the JSON that was hashed, and jsonb keeps its numbers exact.
 */
async function insertLinks(tx: Prisma.TransactionClient, links: Link[]): Promise<bigint[]> {
  const rows = links.map(
    ({ fields: f, prevHash, hash }) => Prisma.sql`(${f.occurredAt}, ${f.actorId},
    ${f.actorType}, ${f.action}, ${f.targetType}, ${f.targetId}, ${f.requestId}, ${f.ip}, ${f.outcome},
    ${JSON.stringify(f.details)}::jsonb, ${prevHash}, ${hash})`,
  );
  const inserted = await tx.$queryRaw<{ id: bigint; hash: string }[]>`
    INSERT INTO audit_events (occurred_at, actor_id, actor_type, action, target_type, target_id,
      request_id, ip, outcome, details, prev_hash, hash)
    VALUES ${Prisma.join(rows)}
    RETURNING id, hash`;
  const ids = new Map(inserted.map((row) => [row.hash, row.id]));
  const inOrder = links.map((link) => ids.get(link.hash));
  // verify walks the chain by id: ids out of chain order would read as tampering, so they roll back.
  if (inOrder.some((id, i) => id === undefined || (i > 0 && id <= inOrder[i - 1]!)))
    throw new Error("The audit insert numbered the batch out of chain order");
  return inOrder as bigint[];
}

/**
 * PostgreSQL text cannot hold NUL, and a request's path can (PATCH /v1/jobs/a%00b is audited with that
 * target): such an event used to be refused and lost. NUL is stored, and hashed, as U+FFFD instead, the
 * character UTF-8 encoding already puts in place of a lone surrogate.
 */
const storable = <T extends string | null>(text: T): T =>
  (text === null ? null : text.replaceAll("\u0000", "\ufffd")) as T;

function fieldsOf(input: AuditEventInput, occurredAt: Date): AuditEventFields {
  return {
    occurredAt,
    actorId: storable(input.actorId ?? null),
    actorType: storable(input.actorType),
    action: storable(input.action),
    targetType: storable(input.targetType ?? null),
    targetId: storable(input.targetId ?? null),
    requestId: storable(input.requestId ?? null),
    ip: storable(input.ip ?? null),
    outcome: storable(input.outcome),
    details: normaliseDetails(input.details),
  };
}
