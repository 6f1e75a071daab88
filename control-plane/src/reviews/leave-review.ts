import { Prisma, type PrismaClient } from "../database.js";
import { conflict, fromDatabaseError } from "../errors/index.js";
import { contractOfParty, counterpartOf } from "./contract-parties.js";
import { contractReviews, type ContractReview } from "./contract-reviews.js";

export type ReviewInput = { contractId: string; authorId: string; rating: number; body: string };

const notCompleted = (): ReturnType<typeof conflict> =>
  conflict("SKP_CONTRACT_NOT_COMPLETED", "Reviews open when the contract is completed");
const windowClosed = (): ReturnType<typeof conflict> =>
  conflict("SKP_REVIEW_WINDOW_CLOSED", "The time to review this contract has passed");
const reviewExists = (): ReturnType<typeof conflict> =>
  conflict("SKP_REVIEW_EXISTS", "You have already reviewed this contract");

/**
 * One review per party of a completed contract, within the window after completion. The insert itself
 * re-checks the window on the database's clock, and the (contract, author) unique key decides between two
 * racing requests.
 */
export async function leaveReview(
  db: PrismaClient,
  input: ReviewInput,
  windowSeconds: number,
): Promise<ContractReview> {
  const { contractId, authorId } = input;
  const contract = await contractOfParty(db, contractId, authorId, windowSeconds);
  if (contract.state !== "completed" || !contract.windowClosesAt) throw notCompleted();
  if (contract.windowClosesAt <= contract.now) throw windowClosed();
  const inserted = await db
    .$executeRaw(
      Prisma.sql`
      INSERT INTO reviews (contract_id, author_id, subject_id, rating, body)
      SELECT c.id, ${authorId}::uuid, ${counterpartOf(contract, authorId)}::uuid, ${input.rating}, ${input.body}
      FROM contracts c
      WHERE c.id = ${contractId} AND c.state = 'completed'
        AND c.completed_at + make_interval(secs => ${windowSeconds}::double precision) > now()`,
    )
    .catch((error: unknown) => {
      throw fromDatabaseError(error, { reviews_contract_id_author_id_key: reviewExists() });
    });
  if (inserted === 0) throw windowClosed();
  const { reviews } = await contractReviews(db, contractId, authorId, windowSeconds);
  const mine = reviews.find((review) => review.authorId === authorId);
  if (!mine) throw reviewExists();
  return mine;
}
