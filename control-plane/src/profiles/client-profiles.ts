import { Prisma, type PrismaClient } from "../database.js";
import { notFound, validationFailed } from "../errors/index.js";
import { reviewVisible } from "../reviews/visibility.js";
import { isCountryCode } from "./countries.js";

export type ClientProfileInput = { displayName: string; company?: string; country?: string };

export type ClientProfileView = {
  userId: string;
  displayName: string;
  company: string;
  country: string;
  /** Jobs this client has published (drafts are nobody else's business). */
  jobsPosted: number;
  /** Contracts that went past the offer: active or completed. */
  hires: number;
  reviewAverage: number | null;
  reviewCount: number;
  createdAt: string;
};

type Options = { reviewWindowSeconds: number };

type Row = {
  user_id: string;
  display_name: string;
  company: string;
  country: string;
  created_at: Date;
  jobs_posted: bigint;
  hires: bigint;
  review_average: number | null;
  review_count: bigint;
};

/**
 * A client as freelancers see them. A client who never filled in a profile still has one: their account's
 * display name, so every job can show who posted it. `own` asks for the saved profile only (404 until then).
 */
export async function clientProfileView(
  db: PrismaClient,
  userId: string,
  options: Options & { own?: boolean },
): Promise<ClientProfileView> {
  const [row] = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT u.id::text AS user_id, coalesce(p.display_name, u.display_name) AS display_name,
      coalesce(p.company, '') AS company, coalesce(p.country, '') AS country,
      coalesce(p.created_at, u.created_at) AS created_at,
      (SELECT count(*) FROM jobs j WHERE j.client_id = u.id AND j.published_at IS NOT NULL) AS jobs_posted,
      (SELECT count(*) FROM contracts c WHERE c.client_id = u.id::text AND c.state IN ('active', 'completed'))
        AS hires,
      rated.review_average, rated.review_count
    FROM users u
    LEFT JOIN client_profiles p ON p.user_id = u.id
    CROSS JOIN LATERAL (
      SELECT round(avg(r.rating), 2)::float8 AS review_average, count(*) AS review_count
      FROM reviews r JOIN contracts c ON c.id = r.contract_id
      WHERE r.subject_id = u.id AND c.client_id = u.id::text
        AND ${reviewVisible("r", "c", options.reviewWindowSeconds)}
    ) rated
    WHERE u.id = ${userId}::uuid AND 'client' = ANY(u.roles) AND (${!options.own}::boolean OR p.user_id IS NOT NULL)`);
  if (!row) throw notFound("Client");
  return {
    userId: row.user_id,
    displayName: row.display_name,
    company: row.company,
    country: row.country,
    jobsPosted: Number(row.jobs_posted),
    hires: Number(row.hires),
    reviewAverage: row.review_average,
    reviewCount: Number(row.review_count),
    createdAt: row.created_at.toISOString(),
  };
}

/** Creates or replaces the caller's client profile; `created` says which. */
export async function saveClientProfile(
  db: PrismaClient,
  userId: string,
  input: ClientProfileInput,
  options: Options,
): Promise<{ created: boolean; profile: ClientProfileView }> {
  const displayName = input.displayName.trim();
  const country = input.country ?? "";
  const errors = [
    ...(displayName === "" ? [{ field: "displayName", message: "is blank" }] : []),
    ...(country !== "" && !isCountryCode(country)
      ? [{ field: "country", message: "is not an ISO 3166-1 alpha-2 code" }]
      : []),
  ];
  if (errors.length > 0) throw validationFailed(errors);
  const fields = { displayName, company: (input.company ?? "").trim(), country };
  const [{ created }] = await db.$queryRaw<[{ created: boolean }]>(Prisma.sql`
    INSERT INTO client_profiles (user_id, display_name, company, country)
    VALUES (${userId}::uuid, ${fields.displayName}, ${fields.company}, ${fields.country})
    ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, company = excluded.company,
      country = excluded.country, updated_at = now()
    RETURNING (xmax = 0) AS created`);
  return { created, profile: await clientProfileView(db, userId, { ...options, own: true }) };
}
