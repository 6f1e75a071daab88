import { Prisma, type PrismaClient } from "../database.js";
import { contractOfParty } from "./contract-parties.js";
import { reviewVisible } from "./visibility.js";

export type ContractReview = {
  id: string;
  contractId: string;
  authorId: string;
  subjectId: string;
  rating: number;
  body: string;
  /** False while it is blind: only its author sees it until the other party reviews or the window closes. */
  visible: boolean;
  createdAt: string;
};

export type ContractReviews = {
  reviews: ContractReview[];
  /** When reviewing closes; null before the contract completes. */
  windowClosesAt: string | null;
  /** Whether the caller may still leave their review. */
  canReview: boolean;
};

type Row = {
  id: string;
  contract_id: string;
  author_id: string;
  subject_id: string;
  rating: number;
  body: string;
  visible: boolean;
  created_at: Date;
};

/** A party's view of a contract's reviews: their own, and the other's once it is visible. */
export async function contractReviews(
  db: PrismaClient,
  contractId: string,
  viewerId: string,
  windowSeconds: number,
): Promise<ContractReviews> {
  const contract = await contractOfParty(db, contractId, viewerId, windowSeconds);
  const visible = reviewVisible("r", "c", windowSeconds);
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT r.id::text, r.contract_id, r.author_id::text, r.subject_id::text, r.rating, r.body, r.created_at,
      ${visible} AS visible
    FROM reviews r JOIN contracts c ON c.id = r.contract_id
    WHERE r.contract_id = ${contractId} AND (r.author_id = ${viewerId}::uuid OR ${visible})
    ORDER BY r.created_at, r.id`);
  const reviews = rows.map((row) => ({
    id: row.id,
    contractId: row.contract_id,
    authorId: row.author_id,
    subjectId: row.subject_id,
    rating: row.rating,
    body: row.body,
    visible: row.visible,
    createdAt: row.created_at.toISOString(),
  }));
  const open =
    contract.state === "completed" &&
    contract.windowClosesAt !== null &&
    contract.windowClosesAt > contract.now;
  return {
    reviews,
    windowClosesAt: contract.windowClosesAt?.toISOString() ?? null,
    canReview: open && !reviews.some((review) => review.authorId === viewerId),
  };
}
