import {
  paramInt,
  paramList,
  paramOne,
  paramText,
  queryStringOf,
  type SearchParams,
} from "../../../components/marketplace/search-params";
import type { FreelancerSearchQuery } from "../../../components/marketplace/types";

// /freelancers keeps its search in the URL like /jobs: a shared or reloaded link shows the same people.

const availabilityValues = ["FULL_TIME", "PART_TIME", "NOT_AVAILABLE"] as const;
export const freelancerSorts = ["relevance", "newest", "rate_high", "rate_low"] as const;
type Availability = (typeof availabilityValues)[number];

export type FreelancerFilters = {
  q: string;
  skills: string[];
  availability: Availability[];
  rateMin?: number;
  rateMax?: number;
  sort?: (typeof freelancerSorts)[number];
  cursor?: string;
  page: number;
};

export const pageSize = 20;

export function freelancerFiltersOf(params: SearchParams): FreelancerFilters {
  const cursor = paramText(params.cursor, 512);
  return {
    q: paramText(params.q),
    skills: paramList(params.skills),
    availability: paramList(params.availability, availabilityValues, 3),
    rateMin: paramInt(params.rateMin),
    rateMax: paramInt(params.rateMax),
    sort: paramOne(params.sort, freelancerSorts),
    cursor: cursor || undefined,
    page: cursor ? Math.max(2, paramInt(params.page) ?? 2) : 1,
  };
}

export function savedFreelancerQueryOf(
  f: FreelancerFilters,
): Omit<FreelancerSearchQuery, "cursor" | "limit" | "facets"> {
  const query: Omit<FreelancerSearchQuery, "cursor" | "limit" | "facets"> = {};
  if (f.q) query.q = f.q;
  if (f.skills.length) query.skills = f.skills;
  if (f.availability.length) query.availability = f.availability;
  if (f.rateMin !== undefined) query.rateMin = f.rateMin;
  if (f.rateMax !== undefined) query.rateMax = f.rateMax;
  if (f.sort) query.sort = f.sort;
  return query;
}

export function freelancerSearchQueryOf(f: FreelancerFilters): FreelancerSearchQuery {
  return { ...savedFreelancerQueryOf(f), ...(f.cursor ? { cursor: f.cursor } : {}), limit: pageSize };
}

export function freelancerSearchHref(f: FreelancerFilters, changes: Partial<FreelancerFilters> = {}): string {
  const next = { ...f, cursor: undefined, page: 1, ...changes };
  return `/freelancers${queryStringOf({
    ...savedFreelancerQueryOf(next),
    cursor: next.cursor,
    page: next.cursor ? next.page : undefined,
  })}`;
}

export function hasFreelancerFilters(f: FreelancerFilters): boolean {
  return Object.keys(savedFreelancerQueryOf({ ...f, sort: undefined })).length > 0;
}
