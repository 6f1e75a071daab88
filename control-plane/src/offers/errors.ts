import { conflict, notFound, SkpError } from "../errors/index.js";

export const offerNotFound = (): SkpError => notFound("Offer");
export const proposalNotFound = (): SkpError => notFound("Proposal");
export const offerExists = (): SkpError =>
  conflict(
    "SKP_OFFER_EXISTS",
    "This proposal already has a pending or accepted offer; withdraw it before making another",
  );
export const offerExpired = (): SkpError =>
  conflict("SKP_OFFER_EXPIRED", "The offer has expired; the client may make a new one");
/** Why an offer that is not pending cannot move: its expiry has its own code, every other state this one. */
export const offerNotPending = (state: string): SkpError =>
  state === "EXPIRED"
    ? offerExpired()
    : conflict("SKP_OFFER_INVALID_STATE", `The offer is ${state.toLowerCase()}, no longer pending`);
export const proposalNotOfferable = (state: string): SkpError =>
  conflict(
    "SKP_PROPOSAL_INVALID_STATE",
    `A ${state.toLowerCase()} proposal cannot get an offer (only a submitted or shortlisted one)`,
  );
export const jobNotOpen = (): SkpError =>
  conflict("SKP_JOB_NOT_OPEN", "Offers are made on open jobs only (this one is closed, filled or a draft)");

/**
 * The offer is accepted and its contract recorded, but the contract's workflow could not be started or
 * accepted (Temporal unreachable or slow): the same request, retried, completes it.
 */
export const contractsUnavailable = (): SkpError =>
  new SkpError(
    "SKP_CONTRACTS_UNAVAILABLE",
    503,
    "The offer is accepted but its contract could not be started yet; retry the request",
    { retryAfter: 5 },
  );

/** The database's names for the rules it holds, as the errors callers see. */
export const offerConstraints = (): Record<string, SkpError> => ({
  offers_proposal_id_key: offerExists(),
});
