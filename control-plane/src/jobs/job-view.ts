import type { Prisma, PrismaClient } from "../database.js";
import { skillNamesOf } from "../skills/index.js";
import { storedWorkspaceTerms, type WorkspaceTerms } from "./workspace-terms.js";

export type JobStateName = "DRAFT" | "OPEN" | "CLOSED" | "FILLED";
export type Billing = "FIXED" | "HOURLY";
export type JobDurationName =
  "LESS_THAN_WEEK" | "LESS_THAN_MONTH" | "ONE_TO_THREE_MONTHS" | "MORE_THAN_THREE_MONTHS";
export type Visibility = "PUBLIC" | "PRIVATE";

/** Money on the wire: integer minor units with the currency (a range for a budget). */
export type Budget = { minMinor: number; maxMinor: number; currency: string };

/** A job as the API shows it. */
export type JobView = {
  id: string;
  clientId: string;
  title: string;
  description: string;
  category: string;
  skills: { id: string; name: string }[];
  billing: Billing;
  budget: Budget;
  duration: JobDurationName;
  visibility: Visibility;
  state: JobStateName;
  workspaceTerms: WorkspaceTerms;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type JobRow = Prisma.JobModel;

function viewOf(job: JobRow, names: Map<string, string>): JobView {
  return {
    id: job.id,
    clientId: job.clientId,
    title: job.title,
    description: job.description,
    category: job.category,
    skills: job.skillIds.map((id) => ({ id, name: names.get(id) ?? id })),
    billing: job.billing,
    budget: {
      minMinor: Number(job.budgetMinMinor),
      maxMinor: Number(job.budgetMaxMinor),
      currency: job.currency,
    },
    duration: job.duration,
    visibility: job.visibility,
    state: job.state,
    workspaceTerms: storedWorkspaceTerms(job.workspaceTerms),
    publishedAt: job.publishedAt?.toISOString() ?? null,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}

/** Jobs as the API shows them, with their skills' display names (one read for all of them). */
export async function jobViews(db: PrismaClient, jobs: JobRow[]): Promise<JobView[]> {
  const names = await skillNamesOf(db, [...new Set(jobs.flatMap((job) => job.skillIds))]);
  return jobs.map((job) => viewOf(job, names));
}

export async function jobView(db: PrismaClient, job: JobRow): Promise<JobView> {
  const [view] = await jobViews(db, [job]);
  return view as JobView;
}
