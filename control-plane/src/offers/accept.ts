import { Prisma, type PrismaClient } from "../database.js";
import { forbidden } from "../errors/index.js";
import type { Offer } from "../generated/prisma/client.js";
import { offerExpired, offerNotFound, offerNotPending } from "./errors.js";
import { inTransaction } from "./make.js";
import { contractIdOf, type OfferMilestone } from "./terms.js";
import { contractWorkflowId } from "@skillpod/contract-messages";

type Tx = Prisma.TransactionClient;

/** How the database part of an accept ended: a new contract, the one an earlier accept made, or expiry. */
export type AcceptOutcome = { kind: "accepted" | "already"; offer: Offer; platformFeeBps: number };

/** The offer, locked until the transaction ends: concurrent accepts of one offer queue behind each other. */
async function lockedOffer(tx: Tx, offerId: string): Promise<Offer | null> {
  await tx.$queryRaw(Prisma.sql`SELECT 1 FROM offers WHERE id = ${offerId}::uuid FOR UPDATE`);
  return tx.offer.findUnique({ where: { id: offerId } });
}

/** The contract's rows as the ContractWorkflow's recordContract would write them (it then finds them there). */
async function insertContract(
  tx: Tx,
  offer: Offer,
  contractId: string,
  platformFeeBps: number,
): Promise<void> {
  await tx.contract.create({
    data: {
      id: contractId,
      workflowId: contractWorkflowId(contractId),
      clientId: offer.clientId,
      freelancerId: offer.freelancerId,
      title: offer.title,
      currency: offer.currency,
      billing: offer.billing,
      hourlyRateMinor: offer.hourlyRateMinor,
      weeklyLimitMinutes: offer.weeklyLimitMinutes,
      platformFeeBps,
      state: "offer",
      offerId: offer.id,
      jobId: offer.jobId,
      workspaceTerms: offer.workspaceTerms as Prisma.InputJsonValue,
      milestones: {
        create: (offer.milestones as OfferMilestone[]).map((m, i) => ({
          id: m.id,
          position: i + 1,
          title: m.title,
          amountMinor: BigInt(m.amountMinor),
          dueAt: m.dueAt ? new Date(m.dueAt) : null,
          state: "pending",
        })),
      },
    },
  });
}

type Step = AcceptOutcome | { kind: "expired" };

async function acceptLocked(tx: Tx, offer: Offer, platformFeeBps: number): Promise<Step> {
  if (offer.state === "ACCEPTED") {
    const contract = await tx.contract.findUnique({
      where: { id: offer.contractId ?? "" },
      select: { platformFeeBps: true },
    });
    return { kind: "already", offer, platformFeeBps: contract?.platformFeeBps ?? platformFeeBps };
  }
  if (offer.state !== "PENDING") throw offerNotPending(offer.state);
  if (offer.expiresAt.getTime() <= Date.now()) {
    await tx.offer.update({ where: { id: offer.id }, data: { state: "EXPIRED" } });
    return { kind: "expired" };
  }
  const contractId = contractIdOf(offer.id);
  const accepted = await tx.offer.update({
    where: { id: offer.id },
    data: { state: "ACCEPTED", contractId },
  });
  await insertContract(tx, accepted, contractId, platformFeeBps);
  // The contract's timeline starts with its hire (the contracts capability records every later move).
  await tx.contractEvent.create({
    data: { contractId, actorId: offer.freelancerId, kind: "accepted", details: { offerId: offer.id } },
  });
  await tx.proposal.update({ where: { id: offer.proposalId }, data: { state: "HIRED" } });
  return { kind: "accepted", offer: accepted, platformFeeBps };
}

/**
 * The database half of accepting: in one transaction the pending, unexpired offer becomes ACCEPTED with
 * its contract id, the contract and its milestones are recorded (phase "offer" until the workflow accepts)
 * with the "accepted" event that starts its timeline, and the proposal becomes HIRED. An offer this
 * freelancer already accepted comes back as "already", so a retried or concurrent accept goes on to
 * (re)start the same contract rather than fail. An expired one is marked so (committed) and refused.
 */
export async function acceptInDatabase(
  db: PrismaClient,
  freelancerId: string,
  offerId: string,
  platformFeeBps: number,
): Promise<AcceptOutcome> {
  const step = await inTransaction(db, async (tx) => {
    const offer = await lockedOffer(tx, offerId);
    if (!offer || (offer.freelancerId !== freelancerId && offer.clientId !== freelancerId))
      throw offerNotFound();
    if (offer.freelancerId !== freelancerId) throw forbidden("Only the offer's freelancer may accept it");
    return acceptLocked(tx, offer, platformFeeBps);
  });
  if (step.kind === "expired") throw offerExpired();
  return step;
}
