import { conflict, forbidden, notFound, type SkpError } from "../errors/index.js";

export const proposalNotFound = (): SkpError => notFound("Proposal");
export const jobNotFound = (): SkpError => notFound("Job");
export const jobNotOpen = (): SkpError =>
  conflict("SKP_JOB_NOT_OPEN", "The job is not open for proposals (it is closed or filled)");
export const proposalExists = (): SkpError =>
  conflict("SKP_PROPOSAL_EXISTS", "You have already sent a proposal for this job");
export const notEditable = (state: string): SkpError =>
  conflict("SKP_PROPOSAL_INVALID_STATE", `A ${state.toLowerCase()} proposal cannot be edited`);
export const ownJob = (): SkpError => forbidden("You cannot send a proposal for your own job");
export const authorOnly = (): SkpError => forbidden("Only the proposal's author may do this");
export const ownerOnly = (): SkpError => forbidden("Only the job's owner may do this");

/** The database's names for the rules it holds, as the errors callers see. */
export const proposalConstraints = (): Record<string, SkpError> => ({
  proposals_job_id_freelancer_id_key: proposalExists(),
});
