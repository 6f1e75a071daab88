import type { PrismaClient } from "../database.js";
import { validationFailed } from "../errors/index.js";
import { resolveSkillIds } from "../skills/index.js";
import type {
  AvailabilityName,
  ClientHistory,
  FreelancerFacetName,
  FreelancerSearchQuery,
  FreelancerSort,
  JobFacetName,
  JobSearchQuery,
  JobSort,
  PostedWithin,
} from "./types.js";

// Search parameters as a client sends them (query string, or a saved search's stored query) turned into the
// engine's queries: skills as typed become canonical ids, and ranges are checked.

export type JobSearchParams = {
  q?: string;
  category?: string[];
  skills?: string[];
  billing?: ("FIXED" | "HOURLY")[];
  budgetMin?: number;
  budgetMax?: number;
  postedWithin?: PostedWithin;
  clientHistory?: ClientHistory;
  sort?: JobSort;
  facets?: JobFacetName[];
  cursor?: string;
  limit?: number;
};

export type FreelancerSearchParams = {
  q?: string;
  skills?: string[];
  availability?: AvailabilityName[];
  rateMin?: number;
  rateMax?: number;
  sort?: FreelancerSort;
  facets?: FreelancerFacetName[];
  cursor?: string;
  limit?: number;
};

export const defaultSearchLimit = 20;

function checkRange(
  min: number | undefined,
  max: number | undefined,
  maxField: string,
  minField: string,
): void {
  if (min !== undefined && max !== undefined && min > max)
    throw validationFailed([{ field: maxField, message: `must be at least ${minField}` }]);
}

const skillIdsOf = async (db: PrismaClient, skills: string[] | undefined): Promise<string[] | undefined> =>
  skills?.length ? resolveSkillIds(db, skills, "skills") : undefined;

export async function jobSearchOf(db: PrismaClient, params: JobSearchParams): Promise<JobSearchQuery> {
  checkRange(params.budgetMin, params.budgetMax, "budgetMax", "budgetMin");
  const { category, skills, limit, ...rest } = params;
  return {
    ...rest,
    categories: category,
    skillIds: await skillIdsOf(db, skills),
    limit: limit ?? defaultSearchLimit,
  };
}

export async function freelancerSearchOf(
  db: PrismaClient,
  params: FreelancerSearchParams,
): Promise<FreelancerSearchQuery> {
  checkRange(params.rateMin, params.rateMax, "rateMax", "rateMin");
  const { skills, limit, ...rest } = params;
  return { ...rest, skillIds: await skillIdsOf(db, skills), limit: limit ?? defaultSearchLimit };
}
