import type { AuditEventFields, AuditEventView, JsonObject } from "@skillpod/audit-format";
import type { Prisma, PrismaClient } from "../database.js";
import { invalid } from "../errors/index.js";

export type AuditFilters = {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive lower bound on occurredAt. */
  from?: Date;
  /** Exclusive upper bound on occurredAt. */
  to?: Date;
};

export type AuditOrder = "desc" | "asc";

// The view's shape is the export format's, so it lives with the format (shared with the workers' exports).
export type { AuditEventView };

export type AuditEventRow = AuditEventFields & { id: bigint; prevHash: string; hash: string };

export type AuditPage = { items: AuditEventView[]; nextCursor: string | null };

export const MAX_PAGE_SIZE = 200;

/** Rows as Prisma returns them, narrowed to the chain's field types (details is always a JSON object). */
export function rowOf(row: Prisma.AuditEventGetPayload<object>): AuditEventRow {
  return { ...row, details: row.details as JsonObject };
}

export function viewOf(row: AuditEventRow): AuditEventView {
  return {
    id: row.id.toString(),
    occurredAt: row.occurredAt.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    ip: row.ip,
    outcome: row.outcome,
    details: row.details,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

export function encodeCursor(id: bigint): string {
  return Buffer.from(id.toString(), "utf8").toString("base64url");
}

/** Cursors are opaque to clients; anything that is not one of ours is a client error, never a 500. */
export function decodeCursor(cursor: string): bigint {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[1-9][0-9]{0,18}$/.test(text))
    throw invalid("SKP_AUDIT_INVALID_CURSOR", "The cursor is not valid for this listing");
  return BigInt(text);
}

/** Checked before a response starts: an export cannot turn into an error once it has begun streaming. */
export function assertValidFilters(filters: AuditFilters): void {
  if (filters.from && filters.to && filters.from >= filters.to)
    throw invalid("SKP_AUDIT_INVALID_RANGE", "`from` must be earlier than `to`");
}

function occurredWithin(filters: AuditFilters): Prisma.DateTimeFilter | undefined {
  assertValidFilters(filters);
  if (!filters.from && !filters.to) return undefined;
  return { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) };
}

/** The filters as a Prisma where clause; each one maps onto an (x, occurred_at) index. */
export function whereOf(
  filters: AuditFilters,
  after?: bigint,
  order: AuditOrder = "asc",
): Prisma.AuditEventWhereInput {
  const occurredAt = occurredWithin(filters);
  return {
    ...(filters.actor !== undefined ? { actorId: filters.actor } : {}),
    ...(filters.action !== undefined ? { action: filters.action } : {}),
    ...(filters.targetType !== undefined ? { targetType: filters.targetType } : {}),
    ...(filters.targetId !== undefined ? { targetId: filters.targetId } : {}),
    ...(occurredAt ? { occurredAt } : {}),
    ...(after !== undefined ? { id: order === "asc" ? { gt: after } : { lt: after } } : {}),
  };
}

export type PageRequest = { filters: AuditFilters; order: AuditOrder; limit: number; cursor?: string };

/**
 * One page, keyset-paginated on id (the chain order), so pages stay stable while events are appended.
 * One extra row is read to know whether there is a next page without a count.
 */
export async function listAuditEvents(prisma: PrismaClient, request: PageRequest): Promise<AuditPage> {
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
  const rows = await prisma.auditEvent.findMany({
    where: whereOf(request.filters, after, request.order),
    orderBy: { id: request.order },
    take: request.limit + 1,
  });
  const page = rows.slice(0, request.limit).map((row) => viewOf(rowOf(row)));
  const last = rows.length > request.limit ? rows[request.limit - 1] : undefined;
  return { items: page, nextCursor: last ? encodeCursor(last.id) : null };
}

/** Every matching event, read from the database a page at a time, so an export never holds the whole set. */
export async function* streamAuditEvents(
  prisma: PrismaClient,
  filters: AuditFilters,
  order: AuditOrder = "asc",
  pageSize = 500,
): AsyncGenerator<AuditEventView> {
  let after: bigint | undefined;
  for (;;) {
    const rows = await prisma.auditEvent.findMany({
      where: whereOf(filters, after, order),
      orderBy: { id: order },
      take: pageSize,
    });
    for (const row of rows) yield viewOf(rowOf(row));
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = last.id;
  }
}
