import type { PrismaClient } from "../database.js";
import { readJob, type JobView } from "../jobs/index.js";
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

/**
 * A job the caller owns, through the jobs capability's own read; a job someone else owns is as missing as
 * one that does not exist (even a public one: its proposals and matches are its owner's business).
 */
export async function ownedJob(db: PrismaClient, ownerId: string, jobId: string): Promise<JobView> {
  const job = await readJob(db, jobId, ownerId);
  if (job.clientId !== ownerId) throw jobNotFound();
  return job;
}
