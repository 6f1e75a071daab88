export { jobCategories, jobCategorySchema, type JobCategory } from "./categories.js";
export {
  defaultWorkspaceTerms,
  egressEntryProblem,
  storedWorkspaceTerms,
  workspaceTermsInputSchema,
  workspaceTermsOf,
  workspaceTermsSchema,
  type WorkspaceTerms,
  type WorkspaceTermsInput,
} from "./workspace-terms.js";
export {
  createJob,
  jobRuleErrors,
  listOwnJobs,
  moveJob,
  readJob,
  updateJob,
  type JobAction,
  type JobChanges,
  type JobInput,
  type OwnJobsQuery,
} from "./store.js";
export type { Billing, Budget, JobDurationName, JobStateName, JobView, Visibility } from "./job-view.js";
