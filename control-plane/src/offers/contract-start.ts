import { contractErrorCodes, type ContractTerms, type ContractView } from "@skillpod/contract-messages";
import { ContractRejectedError, type ContractsClient } from "@skillpod/contracts-client";
import type { Offer } from "../generated/prisma/client.js";
import { storedWorkspaceTerms } from "../jobs/index.js";
import { contractsUnavailable } from "./errors.js";
import type { OfferMilestone } from "./terms.js";

/** A start and accept that take longer than this answer 503; the retried request finishes the job. */
const startTimeoutMs = 15_000;

/** The ContractWorkflow's terms for an accepted offer: its money terms, and its workspace terms as SkillPod.spec. */
export function contractTermsOf(offer: Offer, platformFeeBps: number): ContractTerms {
  const workspace = storedWorkspaceTerms(offer.workspaceTerms);
  return {
    contractId: offer.contractId ?? "",
    clientId: offer.clientId,
    freelancerId: offer.freelancerId,
    title: offer.title,
    currency: offer.currency,
    platformFeeBps,
    billing: offer.billing,
    ...(offer.hourlyRateMinor === null ? {} : { hourlyRateMinor: Number(offer.hourlyRateMinor) }),
    ...(offer.weeklyLimitMinutes === null ? {} : { weeklyLimitMinutes: offer.weeklyLimitMinutes }),
    milestones: offer.milestones as OfferMilestone[],
    workspace: {
      namespace: `skp-${offer.clientId}`,
      className: workspace.className,
      viewers: workspace.supervision.viewersAllowed ? [offer.clientId] : [],
      recording: workspace.supervision.recording,
      policy: {
        clipboard: workspace.clipboard,
        fileTransfer: workspace.fileTransfer,
        egress: { allow: workspace.egress.allow },
      },
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  // The loser of the race settles later with nobody listening; its rejection is expected, not unhandled.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function startAndAccept(contracts: ContractsClient, terms: ContractTerms): Promise<ContractView> {
  await contracts.start(terms);
  try {
    return await contracts.accept(terms.contractId, { userId: terms.freelancerId, role: "freelancer" });
  } catch (error) {
    if (!(error instanceof ContractRejectedError) || error.code !== contractErrorCodes.invalidState)
      throw error;
    // Already accepted (an earlier or concurrent request won) is what this request asked for; a workflow
    // that ended without ever being accepted (it refused its terms) is not.
    const view = await contracts.state(terms.contractId);
    if (view.phase === "offer") throw error;
    return view;
  }
}

/**
 * Starts the contract's workflow (its id derives from the contract's, so starting it again is a no-op) and
 * accepts it as the freelancer. Temporal being unreachable, slow or refusing is a 503 the caller retries:
 * the offer stays accepted in the database, and the retry runs this again.
 */
export async function startContract(
  contracts: ContractsClient,
  terms: ContractTerms,
  log: { warn(details: object, message: string): void },
): Promise<ContractView> {
  try {
    return await withTimeout(startAndAccept(contracts, terms), startTimeoutMs);
  } catch (error) {
    log.warn({ err: error, contractId: terms.contractId }, `Failed to start contract ${terms.contractId}`);
    throw contractsUnavailable();
  }
}
