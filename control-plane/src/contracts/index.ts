// The contracts capability: the HTTP face of the ContractWorkflow (moves through ContractsClient) and the
// contract reads from the database.
export {
  contractFor,
  contractNotFound,
  partyOf,
  type Caller,
  type ContractParty,
  type ContractRow,
  type Purpose,
} from "./contract-access.js";
export { contractProblem, contractsUnavailable } from "./contract-errors.js";
export { auditedRead, readerOf } from "./contract-reader.js";
export { makeMove, moveSpecs, type MoveInput, type MoveName } from "./contract-moves.js";
export {
  contractPayouts,
  contractWorkspaces,
  myContracts,
  type ContractSummary,
  type PayoutView,
  type WorkspaceView,
} from "./contract-reads.js";
export { contractTimeline, type TimelineItem } from "./contract-timeline.js";
export { contractUsage, usageRange, type ContractUsage, type UsageDay } from "./contract-usage.js";
export { contractInvoiceLines, type InvoiceLine } from "./contract-invoices.js";
export { contractView, readContract, type ContractView, type MilestoneView } from "./contract-views.js";
export { fingerprintOf, onceForKey } from "./move-replay.js";
