import { Prisma, type PrismaClient } from "../database.js";
import { notFound, validationFailed } from "../errors/index.js";
import { decodeCursor, pageOf, type Page } from "../pagination/index.js";
import { reviewVisible } from "./visibility.js";

/** A review as the public sees it on a freelancer's profile. */
export type PublicReview = {
  id: string;
  rating: number;
  body: string;
  createdAt: string;
  contractTitle: string;
  author: { userId: string; displayName: string };
};

type Row = {
  id: string;
  rating: number;
  body: string;
  created_at: Date;
  contract_title: string;
  author_id: string;
  author_name: string;
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The (created_at, id) a cursor holds, newest first. */
function afterOf(cursor: string | undefined): Prisma.Sql {
  if (cursor === undefined) return Prisma.empty;
  const [at, id] = decodeCursor(cursor, 2);
  const time = typeof at === "string" ? new Date(at) : undefined;
  if (!time || Number.isNaN(time.getTime()) || typeof id !== "string" || !uuidPattern.test(id)) {
    throw validationFailed([{ field: "cursor", message: "is not a cursor this API returned" }]);
  }
  return Prisma.sql`AND (r.created_at, r.id) < (${time}::timestamptz, ${id}::uuid)`;
}

/** Visible reviews of a freelancer (as the freelancer of the contract), newest first, a page at a time. */
export async function freelancerReviews(
  db: PrismaClient,
  handle: string,
  page: { cursor?: string; limit: number },
  windowSeconds: number,
): Promise<Page<PublicReview>> {
  const after = afterOf(page.cursor);
  const profile = await db.freelancerProfile.findUnique({ where: { handle }, select: { userId: true } });
  if (!profile) throw notFound("Freelancer profile");
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT r.id::text, r.rating, r.body, r.created_at, c.title AS contract_title, r.author_id::text,
      coalesce(p.display_name, u.display_name) AS author_name
    FROM reviews r
    JOIN contracts c ON c.id = r.contract_id
    JOIN users u ON u.id = r.author_id
    LEFT JOIN client_profiles p ON p.user_id = r.author_id
    WHERE r.subject_id = ${profile.userId}::uuid AND c.freelancer_id = ${profile.userId}
      AND ${reviewVisible("r", "c", windowSeconds)} ${after}
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT ${page.limit + 1}`);
  const reviews = rows.map((row) => ({
    id: row.id,
    rating: row.rating,
    body: row.body,
    createdAt: row.created_at.toISOString(),
    contractTitle: row.contract_title,
    author: { userId: row.author_id, displayName: row.author_name },
  }));
  return pageOf(reviews, page.limit, (review) => [review.createdAt, review.id]);
}
