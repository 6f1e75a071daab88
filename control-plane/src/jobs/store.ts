import type { PrismaClient } from "../database.js";
import { conflict, fromDatabaseError, notFound, validationFailed, type SkpError } from "../errors/index.js";
import {
  newestFirstAfter,
  newestFirstKey,
  newestFirstOrder,
  pageOf,
  type Page,
} from "../pagination/index.js";
import { resolveSkillIds } from "../skills/index.js";
import {
  jobView,
  jobViews,
  type Billing,
  type Budget,
  type JobDurationName,
  type JobRow,
  type JobStateName,
  type JobView,
  type Visibility,
} from "./job-view.js";
import { workspaceTermsOf, type WorkspaceTermsInput } from "./workspace-terms.js";

/** What a client sends to post a job (skills as typed: ids, names or synonyms). */
export type JobInput = {
  title: string;
  description: string;
  category: string;
  skills: string[];
  billing: Billing;
  budget: Budget;
  duration: JobDurationName;
  visibility?: Visibility;
  workspaceTerms?: WorkspaceTermsInput;
  state?: "DRAFT" | "OPEN";
};

export type JobChanges = Partial<Omit<JobInput, "state">>;

const invalidState = (message: string): SkpError => conflict("SKP_JOB_INVALID_STATE", message);

/**
 * The rules the database holds on jobs, as the errors callers see when a write breaks one anyway (two
 * requests racing past the checks below). The state machine itself lives in the jobs_state_guard trigger.
 */
export const jobRuleErrors: Record<string, SkpError> = {
  jobs_state_transition: invalidState("The job's state does not allow this"),
  jobs_budget_check: validationFailed([{ field: "budget", message: "must have 0 ≤ minMinor ≤ maxMinor" }]),
  jobs_title_check: validationFailed([{ field: "title", message: "must not be blank" }]),
};

function checkBudget(budget: Budget | undefined): void {
  if (budget && budget.minMinor > budget.maxMinor)
    throw validationFailed([{ field: "budget.maxMinor", message: "must be at least budget.minMinor" }]);
}

function checkTitle(title: string | undefined): void {
  if (title !== undefined && title.trim().length === 0)
    throw validationFailed([{ field: "title", message: "must not be blank" }]);
}

const budgetColumns = (
  budget: Budget,
): { budgetMinMinor: bigint; budgetMaxMinor: bigint; currency: string } => ({
  budgetMinMinor: BigInt(budget.minMinor),
  budgetMaxMinor: BigInt(budget.maxMinor),
  currency: budget.currency,
});

/** Posts a job for `clientId`, as a draft or straight away open (published_at is stamped when it opens). */
export async function createJob(db: PrismaClient, clientId: string, input: JobInput): Promise<JobView> {
  checkTitle(input.title);
  checkBudget(input.budget);
  const skillIds = await resolveSkillIds(db, input.skills, "skills");
  const job = await db.job
    .create({
      data: {
        clientId,
        title: input.title.trim(),
        description: input.description,
        category: input.category,
        skillIds,
        billing: input.billing,
        ...budgetColumns(input.budget),
        duration: input.duration,
        visibility: input.visibility ?? "PUBLIC",
        state: input.state ?? "DRAFT",
        workspaceTerms: workspaceTermsOf(input.workspaceTerms),
      },
    })
    .catch((error: unknown) => {
      throw fromDatabaseError(error, jobRuleErrors);
    });
  return jobView(db, job);
}

/** Anyone may read an open, closed or filled public job; its owner reads it in any state. */
function visibleTo(job: JobRow, viewerId: string | undefined): boolean {
  if (viewerId !== undefined && job.clientId === viewerId) return true;
  return job.visibility === "PUBLIC" && job.state !== "DRAFT";
}

/** A job the viewer may see; any other (a draft or private job of someone else) is as missing as no job. */
export async function readJob(db: PrismaClient, jobId: string, viewerId?: string): Promise<JobView> {
  const job = await db.job.findUnique({ where: { id: jobId } });
  if (!job || !visibleTo(job, viewerId)) throw notFound("Job");
  return jobView(db, job);
}

async function ownJob(db: PrismaClient, jobId: string, ownerId: string): Promise<JobRow> {
  const job = await db.job.findFirst({ where: { id: jobId, clientId: ownerId } });
  if (!job) throw notFound("Job");
  return job;
}

/** Edits a draft or open job of its owner; closed and filled jobs are history. */
export async function updateJob(
  db: PrismaClient,
  jobId: string,
  ownerId: string,
  changes: JobChanges,
): Promise<JobView> {
  const job = await ownJob(db, jobId, ownerId);
  if (job.state !== "DRAFT" && job.state !== "OPEN")
    throw invalidState(`A ${job.state.toLowerCase()} job cannot be edited`);
  checkTitle(changes.title);
  checkBudget(changes.budget);
  const skillIds = changes.skills ? await resolveSkillIds(db, changes.skills, "skills") : undefined;
  const terms = changes.workspaceTerms
    ? workspaceTermsOf(changes.workspaceTerms, (await jobView(db, job)).workspaceTerms)
    : undefined;
  const updated = await db.job
    .update({
      // The state in the condition: an edit never lands on a job that was closed meanwhile.
      where: { id: job.id, state: { in: ["DRAFT", "OPEN"] } },
      data: {
        title: changes.title?.trim(),
        description: changes.description,
        category: changes.category,
        skillIds,
        billing: changes.billing,
        ...(changes.budget ? budgetColumns(changes.budget) : {}),
        duration: changes.duration,
        visibility: changes.visibility,
        workspaceTerms: terms,
      },
    })
    .catch((error: unknown) => {
      if ((error as { code?: unknown }).code === "P2025") throw invalidState("The job was closed meanwhile");
      throw fromDatabaseError(error, jobRuleErrors);
    });
  return jobView(db, updated);
}

export type JobAction = "open" | "close" | "reopen" | "fill";

/** Each action's move: open a draft, close or fill an open job, reopen a closed one. */
const moves: Record<JobAction, { from: JobStateName; to: JobStateName }> = {
  open: { from: "DRAFT", to: "OPEN" },
  close: { from: "OPEN", to: "CLOSED" },
  reopen: { from: "CLOSED", to: "OPEN" },
  fill: { from: "OPEN", to: "FILLED" },
};

/**
 * Moves the owner's job through its state machine. The check here gives each action its meaning (reopen is
 * only for closed jobs, a repeated close is refused); the jobs_state_guard trigger is what makes an illegal
 * move impossible, also for a request racing this one.
 */
export async function moveJob(
  db: PrismaClient,
  jobId: string,
  ownerId: string,
  action: JobAction,
): Promise<JobView> {
  const job = await ownJob(db, jobId, ownerId);
  const move = moves[action];
  if (job.state !== move.from)
    throw invalidState(
      `Only a ${move.from.toLowerCase()} job can ${action}; this one is ${job.state.toLowerCase()}`,
    );
  const moved = await db.job
    .update({ where: { id: job.id }, data: { state: move.to } })
    .catch((error: unknown) => {
      throw fromDatabaseError(error, jobRuleErrors);
    });
  return jobView(db, moved);
}

/** The (created_at, id) a page of the owner's jobs ended at; anything else is a 400 naming `cursor`. */
export type OwnJobsQuery = { state?: JobStateName[]; cursor?: string; limit: number };

/** The owner's jobs in any state, newest first, a page at a time (keyset on created_at, id). */
export async function listOwnJobs(
  db: PrismaClient,
  ownerId: string,
  query: OwnJobsQuery,
): Promise<Page<JobView>> {
  const rows = await db.job.findMany({
    where: {
      clientId: ownerId,
      ...(query.state?.length ? { state: { in: query.state } } : {}),
      ...newestFirstAfter(query.cursor),
    },
    orderBy: newestFirstOrder,
    take: query.limit + 1,
  });
  const page = pageOf(rows, query.limit, newestFirstKey);
  return { items: await jobViews(db, page.items), nextCursor: page.nextCursor };
}
