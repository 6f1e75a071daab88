import {
  paramInt,
  paramList,
  paramOne,
  paramText,
  queryStringOf,
  type SearchParams,
} from "../../../components/marketplace/search-params";
import type { Billing, Category, JobSearchQuery } from "../../../components/marketplace/types";

// /jobs keeps its whole search in the URL (?q=&category=&skills=&…), so a shared or reloaded link shows the
// same results: these functions turn the URL into the search and back.

export const jobCategories = [
  "web-development",
  "backend",
  "devops",
  "data",
  "mobile",
  "design",
  "writing",
  "security",
] as const satisfies readonly Category[];
const billingValues = ["FIXED", "HOURLY"] as const satisfies readonly Billing[];
export const postedWithinValues = ["1d", "3d", "7d", "30d"] as const;
const clientHistoryValues = ["hired", "new"] as const;
export const jobSorts = ["relevance", "newest", "budget_high", "budget_low"] as const;

export type JobFilters = {
  q: string;
  category: Category[];
  skills: string[];
  billing: Billing[];
  budgetMin?: number;
  budgetMax?: number;
  postedWithin?: (typeof postedWithinValues)[number];
  clientHistory?: (typeof clientHistoryValues)[number];
  sort?: (typeof jobSorts)[number];
  cursor?: string;
  page: number;
};

export const pageSize = 20;

export function jobFiltersOf(params: SearchParams): JobFilters {
  const cursor = paramText(params.cursor, 512);
  return {
    q: paramText(params.q),
    category: paramList(params.category, jobCategories, 8),
    skills: paramList(params.skills),
    billing: paramList(params.billing, billingValues, 2),
    budgetMin: paramInt(params.budgetMin),
    budgetMax: paramInt(params.budgetMax),
    postedWithin: paramOne(params.postedWithin, postedWithinValues),
    clientHistory: paramOne(params.clientHistory, clientHistoryValues),
    sort: paramOne(params.sort, jobSorts),
    cursor: cursor || undefined,
    page: cursor ? Math.max(2, paramInt(params.page) ?? 2) : 1,
  };
}

/** The search itself, without the page: what a saved search keeps and what "new since" counts. */
export function savedJobQueryOf(f: JobFilters): Omit<JobSearchQuery, "cursor" | "limit" | "facets"> {
  const query: Omit<JobSearchQuery, "cursor" | "limit" | "facets"> = {};
  if (f.q) query.q = f.q;
  if (f.category.length) query.category = f.category;
  if (f.skills.length) query.skills = f.skills;
  if (f.billing.length) query.billing = f.billing;
  if (f.budgetMin !== undefined) query.budgetMin = f.budgetMin;
  if (f.budgetMax !== undefined) query.budgetMax = f.budgetMax;
  if (f.postedWithin) query.postedWithin = f.postedWithin;
  if (f.clientHistory) query.clientHistory = f.clientHistory;
  if (f.sort) query.sort = f.sort;
  return query;
}

export function jobSearchQueryOf(f: JobFilters): JobSearchQuery {
  return { ...savedJobQueryOf(f), ...(f.cursor ? { cursor: f.cursor } : {}), limit: pageSize };
}

/** /jobs with these filters (changes applied); a change of filters starts again from the first page. */
export function jobSearchHref(f: JobFilters, changes: Partial<JobFilters> = {}): string {
  const next = { ...f, cursor: undefined, page: 1, ...changes };
  return `/jobs${queryStringOf({ ...savedJobQueryOf(next), cursor: next.cursor, page: next.cursor ? next.page : undefined })}`;
}

export function hasJobFilters(f: JobFilters): boolean {
  return Object.keys(savedJobQueryOf({ ...f, sort: undefined })).length > 0;
}

/** A name for a saved search from what it looks for ("kubernetes · DevOps"), the person may change it. */
export function suggestedSearchName(f: JobFilters, labelOf: (category: string) => string): string {
  const parts = [f.q, ...f.category.map(labelOf), ...f.skills].filter(Boolean);
  return (parts.join(" · ") || "All open jobs").slice(0, 100);
}
