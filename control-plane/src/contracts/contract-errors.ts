// The one place a contract move's failure becomes an SkpError: the workflow's typed refusals keep their SKP_
// code with an HTTP status of their own, and anything Temporal itself throws (unreachable, timed out, a
// workflow task failing) is a 503 whose body says nothing about Temporal.
import { contractErrorCodes } from "@skillpod/contract-messages";
import { ContractRejectedError } from "@skillpod/contracts-client";
import { SkpError } from "../errors/index.js";

const statusOf: Record<string, number> = {
  [contractErrorCodes.notFound]: 404,
  [contractErrorCodes.wrongParty]: 403,
  [contractErrorCodes.invalidState]: 409,
  [contractErrorCodes.insufficientFunds]: 402,
  [contractErrorCodes.unknownMilestone]: 404,
  [contractErrorCodes.invalidTerms]: 422,
  [contractErrorCodes.workspaceInvalid]: 422,
  [contractErrorCodes.payoutDeclined]: 502,
  [contractErrorCodes.payoutProviderUnavailable]: 503,
};

/** A contract unknown to the workflow reads as any other missing object: the same 404 a stranger gets. */
const plainNotFound = new Set<string>([contractErrorCodes.notFound]);

export const contractsUnavailable = (): SkpError =>
  new SkpError("SKP_CONTRACTS_UNAVAILABLE", 503, "Contracts are unavailable right now; retry later");

/** A refusal the control plane decides itself, in the workflow's own words (same code, same status). */
export const wrongParty = (action: string): SkpError =>
  new SkpError(contractErrorCodes.wrongParty, 403, `Your part in this contract may not ${action}`);

/** Maps what a ContractsClient call threw. Never returns the original error: its message may be Temporal's. */
export function contractProblem(error: unknown): SkpError {
  if (error instanceof SkpError) return error;
  if (error instanceof ContractRejectedError) {
    if (plainNotFound.has(error.code)) return new SkpError("SKP_NOT_FOUND", 404, "Contract not found");
    const status = statusOf[error.code];
    // The workflow's message names the party, state or milestone; it never names Temporal.
    if (status !== undefined) return new SkpError(error.code, status, error.message);
  }
  // Temporal unreachable or timed out, a ledger invariant, an unknown code: nothing the caller can act on.
  return contractsUnavailable();
}
