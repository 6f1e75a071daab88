import type { Prisma, PrismaClient } from "../database.js";
import type { JobState, JobVisibility } from "../generated/prisma/enums.js";
import { jobNotFound, proposalNotFound } from "./errors.js";
import { proposalInclude, type ProposalRow } from "./views.js";

/** Who a caller is to a proposal: its author (the freelancer) or the owner of its job. */
export type ProposalRole = "author" | "owner";

/**
 * The proposal if the caller is its author or its job's owner; otherwise the same 404 as a missing one,
 * for everyone else (other freelancers, other clients, admins): nobody learns that it exists.
 */
export async function proposalFor(
  db: PrismaClient,
  callerId: string,
  proposalId: string,
): Promise<{ row: ProposalRow; role: ProposalRole }> {
  const row = await db.proposal.findUnique({ where: { id: proposalId }, include: proposalInclude });
  if (row?.freelancerId === callerId) return { row, role: "author" };
  if (row?.job.clientId === callerId) return { row, role: "owner" };
  throw proposalNotFound();
}

const ownedJobSelect = {
  id: true,
  clientId: true,
  title: true,
  state: true,
  skillIds: true,
  billing: true,
  currency: true,
  budgetMinMinor: true,
  budgetMaxMinor: true,
  duration: true,
} as const satisfies Prisma.JobSelect;

export type OwnedJob = Prisma.JobGetPayload<{ select: typeof ownedJobSelect }>;

/** A job the caller owns, or a 404 (a job someone else owns is as missing as one that does not exist). */
export async function ownedJob(db: PrismaClient, ownerId: string, jobId: string): Promise<OwnedJob> {
  const job = await db.job.findUnique({ where: { id: jobId }, select: ownedJobSelect });
  if (job?.clientId !== ownerId) throw jobNotFound();
  return job;
}

/**
 * Whether a freelancer may see a job to send a proposal: anything but a draft. A private job is left out
 * of search and "jobs for you", but whoever has its link may read it and propose.
 */
export function visibleToFreelancers(job: { state: JobState; visibility: JobVisibility }): boolean {
  return job.state !== "DRAFT";
}
