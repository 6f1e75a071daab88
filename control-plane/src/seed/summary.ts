// What the demo marketplace holds, counted from the database: the seed's last progress line, dev.sh's
// banner and the seed test all read the same numbers.
import { defaultReviewWindowSeconds, reviewVisible } from "../reviews/index.js";
import { demoUsers } from "./demo-users.js";
import type { Queryable } from "./insert.js";
import { seedDomain } from "./demo-cast.js";

export type MarketplaceSummary = {
  jobs: number;
  openJobs: number;
  categories: number;
  freelancers: number;
  clients: number;
  proposals: number;
  completedContracts: number;
  visibleReviews: number;
};

export async function demoMarketplaceSummary(db: Queryable): Promise<MarketplaceSummary> {
  const visible = reviewVisible("r", "c", defaultReviewWindowSeconds);
  const seeded = `(u.email LIKE '%@${seedDomain}' OR u.email IN ('${demoUsers.ada.email}', '${demoUsers.acme.email}'))`;
  const { rows } = await db.query<Record<keyof MarketplaceSummary, string>>(
    `SELECT
       (SELECT count(*) FROM jobs j JOIN users u ON u.id = j.client_id WHERE ${seeded}) AS "jobs",
       (SELECT count(*) FROM jobs j JOIN users u ON u.id = j.client_id WHERE ${seeded} AND j.state = 'OPEN') AS "openJobs",
       (SELECT count(DISTINCT j.category) FROM jobs j JOIN users u ON u.id = j.client_id WHERE ${seeded}) AS "categories",
       (SELECT count(*) FROM freelancer_profiles p JOIN users u ON u.id = p.user_id WHERE ${seeded}) AS "freelancers",
       (SELECT count(*) FROM client_profiles p JOIN users u ON u.id = p.user_id WHERE ${seeded}) AS "clients",
       (SELECT count(*) FROM proposals p JOIN users u ON u.id = p.freelancer_id WHERE ${seeded}) AS "proposals",
       (SELECT count(*) FROM contracts c JOIN users u ON u.id::text = c.freelancer_id
          WHERE ${seeded} AND c.state = 'completed') AS "completedContracts",
       (SELECT count(*) FROM reviews r JOIN contracts c ON c.id = r.contract_id JOIN users u ON u.id = r.author_id
          WHERE ${seeded} AND ${visible.text}) AS "visibleReviews"`,
    visible.values,
  );
  const row = rows[0];
  if (!row) throw new Error("the marketplace summary returned no row");
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, Number(value)]),
  ) as MarketplaceSummary;
}
