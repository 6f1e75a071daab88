import { Prisma, type PrismaClient } from "../database.js";
import { fromDatabaseError, validationFailed } from "../errors/index.js";
import type { ContractBilling, JobState, ProposalState } from "../generated/prisma/enums.js";
import { readJob } from "../jobs/index.js";
import { proposalFor } from "./access.js";
import {
  authorOnly,
  jobNotFound,
  jobNotOpen,
  notEditable,
  ownJob,
  proposalConstraints,
  proposalNotFound,
} from "./errors.js";
import { proposalProblems, type MilestoneInput, type Money, type ProposalInput } from "./rules.js";
import { editableStates } from "./states.js";
import { proposalView, type ProposalView } from "./views.js";

type Tx = Prisma.TransactionClient;
type LockedJob = { client_id: string; state: JobState; billing: ContractBilling; currency: string };

const milestoneRows = (milestones: MilestoneInput[]): Prisma.ProposalMilestoneCreateWithoutProposalInput[] =>
  milestones.map((m, i) => ({
    position: i + 1,
    title: m.title.trim(),
    amountMinor: BigInt(m.amount.amountMinor),
    dueAt: m.dueAt ? new Date(m.dueAt) : null,
  }));

/** The job, share-locked until the transaction ends: closing it waits, so it cannot close mid-write. */
async function lockedJob(tx: Tx, jobId: string): Promise<LockedJob | undefined> {
  const rows = await tx.$queryRaw<LockedJob[]>(Prisma.sql`
    SELECT client_id::text, state, billing, currency FROM jobs WHERE id = ${jobId}::uuid FOR SHARE`);
  return rows[0];
}

function refuseUnlessOpen(job: LockedJob | undefined, freelancerId: string): LockedJob {
  if (!job) throw jobNotFound();
  if (job.client_id === freelancerId) throw ownJob();
  if (job.state !== "OPEN") throw jobNotOpen();
  return job;
}

async function inTransaction<T>(db: PrismaClient, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.$transaction(work);
  } catch (error) {
    throw fromDatabaseError(error, proposalConstraints());
  }
}

/**
 * A freelancer's one proposal for an open job they can see (a second one is a 409, races included). Who
 * may see a job is the jobs capability's rule (readJob): drafts and private jobs are 404 to freelancers.
 */
export async function submitProposal(
  db: PrismaClient,
  freelancerId: string,
  jobId: string,
  input: ProposalInput,
): Promise<ProposalView> {
  await readJob(db, jobId, freelancerId);
  const id = await inTransaction(db, async (tx) => {
    const job = refuseUnlessOpen(await lockedJob(tx, jobId), freelancerId);
    const problems = proposalProblems(input, job, new Date());
    if (problems.length > 0) throw validationFailed(problems);
    const created = await tx.proposal.create({
      data: {
        jobId,
        freelancerId,
        coverLetter: input.coverLetter,
        bidMinor: BigInt(input.bid.amountMinor),
        currency: input.bid.currency,
        milestones: { create: milestoneRows(input.milestones) },
      },
      select: { id: true },
    });
    return created.id;
  });
  return proposalView((await proposalFor(db, freelancerId, id)).row);
}

export type ProposalPatch = { coverLetter?: string; bid?: Money; milestones?: MilestoneInput[] };

type Current = {
  freelancer_id: string;
  client_id: string;
  state: ProposalState;
  cover_letter: string;
  bid_minor: bigint;
  currency: string;
  job_id: string;
};

async function lockedProposal(tx: Tx, proposalId: string): Promise<Current | undefined> {
  const rows = await tx.$queryRaw<Current[]>(Prisma.sql`
    SELECT p.freelancer_id::text, j.client_id::text, p.state, p.cover_letter, p.bid_minor, p.currency,
      p.job_id::text
    FROM proposals p JOIN jobs j ON j.id = p.job_id WHERE p.id = ${proposalId}::uuid
    FOR UPDATE OF p`);
  return rows[0];
}

async function mergedInput(
  tx: Tx,
  proposalId: string,
  current: Current,
  patch: ProposalPatch,
): Promise<ProposalInput> {
  const kept = patch.milestones
    ? []
    : await tx.proposalMilestone.findMany({ where: { proposalId }, orderBy: { position: "asc" } });
  return {
    coverLetter: patch.coverLetter ?? current.cover_letter,
    bid: patch.bid ?? { amountMinor: Number(current.bid_minor), currency: current.currency },
    milestones:
      patch.milestones ??
      kept.map((m) => ({
        title: m.title,
        amount: { amountMinor: Number(m.amountMinor), currency: current.currency },
        dueAt: m.dueAt?.toISOString() ?? null,
      })),
  };
}

/** The author edits their proposal while its job is open and the proposal is submitted or shortlisted. */
export async function editProposal(
  db: PrismaClient,
  freelancerId: string,
  proposalId: string,
  patch: ProposalPatch,
): Promise<ProposalView> {
  await inTransaction(db, async (tx) => {
    const current = await lockedProposal(tx, proposalId);
    if (!current || (current.freelancer_id !== freelancerId && current.client_id !== freelancerId))
      throw proposalNotFound();
    if (current.freelancer_id !== freelancerId) throw authorOnly();
    if (!editableStates.includes(current.state)) throw notEditable(current.state);
    const job = await lockedJob(tx, current.job_id);
    if (job?.state !== "OPEN") throw jobNotOpen();
    const input = await mergedInput(tx, proposalId, current, patch);
    const problems = proposalProblems(input, job, new Date(), { milestones: patch.milestones !== undefined });
    if (problems.length > 0) throw validationFailed(problems);
    await tx.proposal.update({
      where: { id: proposalId },
      data: {
        coverLetter: input.coverLetter,
        bidMinor: BigInt(input.bid.amountMinor),
        ...(patch.milestones
          ? { milestones: { deleteMany: {}, create: milestoneRows(patch.milestones) } }
          : {}),
      },
    });
  });
  return proposalView((await proposalFor(db, freelancerId, proposalId)).row);
}
