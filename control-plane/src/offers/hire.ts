import type { ContractsClient } from "@skillpod/contracts-client";
import type { PrismaClient } from "../database.js";
import { acceptInDatabase } from "./accept.js";
import { contractTermsOf, startContract } from "./contract-start.js";
import { offerFor } from "./reads.js";
import { offerView, type OfferView } from "./views.js";

export type HireDeps = {
  db: PrismaClient;
  contracts: ContractsClient;
  log: { info(details: object, message: string): void; warn(details: object, message: string): void };
};

/**
 * The freelancer accepts an offer: the hire. The database records it first (offer ACCEPTED, the contract
 * and its milestones, the proposal HIRED, in one transaction), then the contract's workflow is started and
 * accepted. Every step is idempotent: a double click, a retry after a 503, or five concurrent requests make
 * one contract and one workflow, and each gets the same answer.
 */
export async function acceptOffer(
  deps: HireDeps,
  freelancerId: string,
  offerId: string,
  platformFeeBps: number,
): Promise<OfferView> {
  const outcome = await acceptInDatabase(deps.db, freelancerId, offerId, platformFeeBps);
  const terms = contractTermsOf(outcome.offer, outcome.platformFeeBps);
  if (outcome.kind === "accepted")
    deps.log.info(
      { offerId, contractId: terms.contractId },
      `Accepted offer ${offerId} as contract ${terms.contractId}`,
    );
  await startContract(deps.contracts, terms, deps.log);
  return offerView((await offerFor(deps.db, freelancerId, offerId)).row);
}
