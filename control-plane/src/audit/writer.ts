import {
  AUDIT_APPEND_LOCK,
  GENESIS_HASH,
  chainHash,
  normaliseDetails,
  type AuditEventFields,
} from "@skillpod/audit-format";
import type { PrismaClient } from "../database.js";

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

/**
 * Appends events to the hash chain. Appends are serialised by a transaction-scoped advisory lock: the lock
 * is one extra round trip and blocks only other appends, never readers (unlike a table lock). The head must
 * be read in a statement after the lock: a READ COMMITTED statement sees rows committed before it started,
 * so reading in the locking statement itself could miss the previous writer's row and fork the chain.
 */
export class AuditWriter {
  readonly #prisma: PrismaClient;
  readonly #options: Required<AuditWriterOptions>;

  constructor(prisma: PrismaClient, options: AuditWriterOptions = {}) {
    this.#prisma = prisma;
    this.#options = { maxWaitMs: 10_000, timeoutMs: 10_000, ...options };
  }

  async append(input: AuditEventInput): Promise<AppendedEvent> {
    return this.#prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`;
        // The database clock, read under the lock, keeps occurredAt in chain order across replicas;
        // truncated to the column's millisecond precision so the hashed value is the stored value.
        const [state] = await tx.$queryRaw<ChainHead[]>`
          SELECT date_trunc('milliseconds', clock_timestamp()) AS now,
            COALESCE(
              (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1),
              (SELECT last_hash FROM audit_checkpoints ORDER BY up_to_event_id DESC LIMIT 1)
            ) AS head`;
        if (!state) throw new Error("The chain head query returned no row");
        const fields = fieldsOf(input, state.now);
        const prevHash = state.head ?? GENESIS_HASH;
        const hash = chainHash(prevHash, fields);
        // Raw SQL, not auditEvent.create: Prisma's Json input rounds doubles to 16 significant digits (0.1 + 0.2
        // is stored as 0.3), and the stored details would no longer hash to `hash`. The text sent here is the
        // JSON that was hashed, and jsonb keeps its numbers exact.
        const [row] = await tx.$queryRaw<{ id: bigint }[]>`
          INSERT INTO audit_events (occurred_at, actor_id, actor_type, action, target_type, target_id,
            request_id, ip, outcome, details, prev_hash, hash)
          VALUES (${fields.occurredAt}, ${fields.actorId}, ${fields.actorType}, ${fields.action},
            ${fields.targetType}, ${fields.targetId}, ${fields.requestId}, ${fields.ip}, ${fields.outcome},
            ${JSON.stringify(fields.details)}::jsonb, ${prevHash}, ${hash})
          RETURNING id`;
        if (!row) throw new Error("The audit insert returned no row");
        return { id: row.id, occurredAt: fields.occurredAt, prevHash, hash };
      },
      { maxWait: this.#options.maxWaitMs, timeout: this.#options.timeoutMs },
    );
  }
}

function fieldsOf(input: AuditEventInput, occurredAt: Date): AuditEventFields {
  return {
    occurredAt,
    actorId: input.actorId ?? null,
    actorType: input.actorType,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    requestId: input.requestId ?? null,
    ip: input.ip ?? null,
    outcome: input.outcome,
    details: normaliseDetails(input.details),
  };
}
