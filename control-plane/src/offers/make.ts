import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "../database.js";
import { fromDatabaseError } from "../errors/index.js";
import type { JobState, OfferState, ProposalState } from "../generated/prisma/enums.js";
import {
  jobNotOpen,
  offerConstraints,
  offerExists,
  proposalNotFound,
  proposalNotOfferable,
} from "./errors.js";
import { offerFor } from "./reads.js";
import { offerTerms, type OfferInput, type OfferSource, type OfferTerms } from "./terms.js";
import { stateOf, type OfferView } from "./views.js";
import { offerView } from "./views.js";

type Tx = Prisma.TransactionClient;

type Source = {
  freelancer_id: string;
  client_id: string;
  proposal_state: ProposalState;
  currency: string;
  job_id: string;
  job_state: JobState;
  job_title: string;
  workspace_terms: unknown;
};

const offerable: readonly ProposalState[] = ["SUBMITTED", "SHORTLISTED"];

/**
 * The proposal and its job, the proposal locked until the transaction ends (two offers on one proposal
 * queue behind each other) and the job share-locked (it cannot close mid-offer).
 */
async function lockedSource(tx: Tx, proposalId: string): Promise<Source | undefined> {
  const rows = await tx.$queryRaw<Source[]>(Prisma.sql`
    SELECT p.freelancer_id::text, j.client_id::text, p.state AS proposal_state, p.currency, j.id::text AS job_id,
      j.state AS job_state, j.title AS job_title, j.workspace_terms
    FROM proposals p JOIN jobs j ON j.id = p.job_id WHERE p.id = ${proposalId}::uuid
    FOR UPDATE OF p FOR SHARE OF j`);
  return rows[0];
}

function refuseUnlessOfferable(source: Source | undefined, clientId: string): Source {
  if (source?.client_id !== clientId) throw proposalNotFound();
  if (!offerable.includes(source.proposal_state)) throw proposalNotOfferable(source.proposal_state);
  if (source.job_state !== "OPEN") throw jobNotOpen();
  return source;
}

async function sourceOf(tx: Tx, proposalId: string, row: Source): Promise<OfferSource> {
  const milestones = await tx.proposalMilestone.findMany({
    where: { proposalId },
    orderBy: { position: "asc" },
  });
  return {
    jobTitle: row.job_title,
    jobWorkspaceTerms: row.workspace_terms,
    currency: row.currency.trim(),
    milestones: milestones.map((m) => ({
      title: m.title,
      amountMinor: Number(m.amountMinor),
      dueAt: m.dueAt,
    })),
  };
}

/** The offer row's id to write: the earlier offer's when it ended without a contract, a new one otherwise. */
async function reusableId(tx: Tx, proposalId: string): Promise<{ id: string; replaces: boolean }> {
  const earlier = await tx.offer.findUnique({
    where: { proposalId },
    select: { id: true, state: true, expiresAt: true },
  });
  if (!earlier) return { id: randomUUID(), replaces: false };
  const state: OfferState = stateOf(earlier);
  if (state === "PENDING" || state === "ACCEPTED") throw offerExists();
  return { id: earlier.id, replaces: true };
}

const termsData = (
  terms: OfferTerms,
): Omit<Prisma.OfferUncheckedCreateInput, "proposalId" | "jobId" | "clientId" | "freelancerId"> => ({
  title: terms.title,
  currency: terms.currency,
  billing: terms.billing,
  hourlyRateMinor: terms.hourlyRateMinor === null ? null : BigInt(terms.hourlyRateMinor),
  weeklyLimitMinutes: terms.weeklyLimitMinutes,
  milestones: terms.milestones,
  workspaceTerms: terms.workspaceTerms,
  message: terms.message,
  expiresAt: terms.expiresAt,
});

/**
 * The job's owner makes an offer from a submitted or shortlisted proposal of an open job. One offer per
 * proposal: while one is pending or accepted, another is a 409; one that was declined, withdrawn or
 * expired is replaced (the same row, pending again with the new terms and a new expiry).
 */
export async function makeOffer(
  db: PrismaClient,
  clientId: string,
  proposalId: string,
  asked: { input: OfferInput; ttlSeconds: number },
): Promise<OfferView> {
  const id = await inTransaction(db, async (tx) => {
    const source = refuseUnlessOfferable(await lockedSource(tx, proposalId), clientId);
    const { id, replaces } = await reusableId(tx, proposalId);
    const terms = offerTerms(id, await sourceOf(tx, proposalId, source), asked.input, {
      now: new Date(),
      ttlSeconds: asked.ttlSeconds,
    });
    const data = termsData(terms);
    if (replaces)
      await tx.offer.update({
        where: { id },
        data: { ...data, state: "PENDING", declineReason: null, createdAt: new Date() },
      });
    else
      await tx.offer.create({
        data: {
          id,
          proposalId,
          jobId: source.job_id,
          clientId,
          freelancerId: source.freelancer_id,
          ...data,
        },
      });
    return id;
  });
  return offerView((await offerFor(db, clientId, id)).row);
}

export async function inTransaction<T>(db: PrismaClient, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.$transaction(work);
  } catch (error) {
    throw fromDatabaseError(error, offerConstraints());
  }
}
