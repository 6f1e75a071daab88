import { Prisma, type PrismaClient } from "../database.js";
import { reviewVisible } from "../reviews/visibility.js";

/** A freelancer's track record, from contracts, milestones and visible reviews. */
export type DeliveryRecord = {
  completedContracts: number;
  /** 0..1: submitted milestones with a due date that were submitted by it; null when there were none. */
  onTimeRate: number | null;
  /** Milestones refunded to the client: disputes the freelancer lost. */
  disputesLost: number;
  /** 1..5 over visible reviews of them as a freelancer, two decimals; null without any. */
  reviewAverage: number | null;
  reviewCount: number;
};

export const emptyDeliveryRecord: DeliveryRecord = {
  completedContracts: 0,
  onTimeRate: null,
  disputesLost: 0,
  reviewAverage: null,
  reviewCount: 0,
};

type Row = {
  id: string;
  completed: bigint;
  timed: bigint;
  on_time: bigint;
  disputes_lost: bigint;
  review_average: number | null;
  review_count: bigint;
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Delivery records of many freelancers in one query (matching ranks hundreds at a time). Every id asked
 * for is in the map, with zeros when they have no contracts yet.
 */
export async function deliveryRecordsOf(
  db: PrismaClient,
  freelancerIds: string[],
  options: { reviewWindowSeconds: number },
): Promise<Map<string, DeliveryRecord>> {
  const ids = [...new Set(freelancerIds.filter((id) => uuidPattern.test(id)).map((id) => id.toLowerCase()))];
  const records = new Map<string, DeliveryRecord>(freelancerIds.map((id) => [id, emptyDeliveryRecord]));
  if (ids.length === 0) return records;
  const window = options.reviewWindowSeconds;
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    WITH work AS (
      SELECT c.freelancer_id AS id,
        count(DISTINCT c.id) FILTER (WHERE c.state = 'completed') AS completed,
        count(m.id) FILTER (WHERE m.due_at IS NOT NULL AND m.submitted_at IS NOT NULL) AS timed,
        count(m.id) FILTER (WHERE m.submitted_at <= m.due_at) AS on_time,
        count(m.id) FILTER (WHERE m.state = 'refunded') AS disputes_lost
      FROM contracts c LEFT JOIN milestones m ON m.contract_id = c.id
      WHERE c.freelancer_id = ANY(${ids}::text[])
      GROUP BY c.freelancer_id
    ), rated AS (
      SELECT r.subject_id::text AS id, round(avg(r.rating), 2)::float8 AS review_average, count(*) AS review_count
      FROM reviews r JOIN contracts c ON c.id = r.contract_id
      WHERE r.subject_id = ANY(${ids}::uuid[]) AND c.freelancer_id = r.subject_id::text
        AND ${reviewVisible("r", "c", window)}
      GROUP BY r.subject_id
    )
    SELECT coalesce(w.id, v.id) AS id, coalesce(w.completed, 0) AS completed, coalesce(w.timed, 0) AS timed,
      coalesce(w.on_time, 0) AS on_time, coalesce(w.disputes_lost, 0) AS disputes_lost,
      v.review_average, coalesce(v.review_count, 0) AS review_count
    FROM work w FULL JOIN rated v ON v.id = w.id`);
  const byLowerId = new Map(rows.map((row) => [row.id, row]));
  for (const id of freelancerIds) {
    const row = byLowerId.get(id.toLowerCase());
    if (row) records.set(id, recordOf(row));
  }
  return records;
}

function recordOf(row: Row): DeliveryRecord {
  const timed = Number(row.timed);
  return {
    completedContracts: Number(row.completed),
    onTimeRate: timed === 0 ? null : Number(row.on_time) / timed,
    disputesLost: Number(row.disputes_lost),
    reviewAverage: row.review_average === null ? null : Number(row.review_average),
    reviewCount: Number(row.review_count),
  };
}
