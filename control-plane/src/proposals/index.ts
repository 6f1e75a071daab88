export { proposalFor, ownedJob, type ProposalRole } from "./access.js";
export { compareProposals, differingFacts, type Comparison, type ComparisonFacts } from "./compare.js";
export { jobProposals, myProposals, type ListQuery } from "./lists.js";
export { moveProposal } from "./moves.js";
export { proposalProblems, type MilestoneInput, type ProposalInput } from "./rules.js";
export { canMove, editableStates, proposalMoves, proposalStates, type ProposalMove } from "./states.js";
export { proposalView, type ProposalView } from "./views.js";
export { editProposal, submitProposal, type ProposalPatch } from "./writes.js";
