import { Prisma, type PrismaClient } from "../database.js";
import type { Availability } from "../generated/prisma/enums.js";

/** A freelancer as matching and the proposal comparison read them: profile, rate and skill levels. */
export type FreelancerFacts = {
  userId: string;
  handle: string;
  displayName: string;
  headline: string;
  hourlyRateMinor: number | null;
  currency: string;
  availability: Availability;
  /** Canonical skill id → level 1-5, from freelancer_skills. */
  skillLevels: Record<string, number>;
};

type Row = {
  user_id: string;
  handle: string;
  display_name: string;
  headline: string;
  hourly_rate_minor: bigint | number | null;
  currency: string;
  availability: Availability;
  levels: Record<string, number> | null;
};

/** The columns of a FreelancerFacts, for queries over `freelancer_profiles p JOIN users u`. */
export const factsColumns = Prisma.sql`p.user_id::text AS user_id, p.handle, u.display_name, p.headline,
  p.hourly_rate_minor, p.currency, p.availability,
  (SELECT jsonb_object_agg(s.skill_id, s.level) FROM freelancer_skills s WHERE s.user_id = p.user_id) AS levels`;

export function factsOf(row: Row): FreelancerFacts {
  return {
    userId: row.user_id,
    handle: row.handle,
    displayName: row.display_name,
    headline: row.headline,
    hourlyRateMinor: row.hourly_rate_minor === null ? null : Number(row.hourly_rate_minor),
    currency: row.currency,
    availability: row.availability,
    skillLevels: row.levels ?? {},
  };
}

export type FactsRow = Row;

/** Facts of the freelancers with these user ids (those without a profile are left out), in one query. */
export async function freelancerFactsOf(
  db: PrismaClient,
  userIds: string[],
): Promise<Map<string, FreelancerFacts>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT ${factsColumns} FROM freelancer_profiles p JOIN users u ON u.id = p.user_id
    WHERE p.user_id = ANY(${userIds}::uuid[])`);
  return new Map(rows.map((row) => [row.user_id, factsOf(row)]));
}
