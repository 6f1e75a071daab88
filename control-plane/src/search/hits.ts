import { budgetBands, rateBands, type Band } from "./bands.js";
import type { FacetCounts } from "./faceted-query.js";
import type {
  AvailabilityName,
  FacetCount,
  FreelancerFacetName,
  FreelancerHit,
  JobFacetName,
  JobHit,
} from "./types.js";

/** One item of a page as the SQL builds it (json_build_object), with the sort keys of its row. */
export type RawItem = { sortKey: string[] };

type SkillRef = { id: string; name: string };

/** A job as jobItems (job-search.ts) builds it. */
type RawJob = RawItem & {
  id: string;
  title: string;
  snippet: string | null;
  category: string;
  skills: SkillRef[] | null;
  billing: JobHit["billing"];
  budgetMin: number;
  budgetMax: number;
  currency: string;
  publishedAt: string;
  clientId: string;
  clientName: string | null;
  country: string | null;
  hires: number;
};

/** A freelancer as freelancerItems (freelancer-search.ts) builds it. */
type RawFreelancer = RawItem & {
  userId: string;
  handle: string;
  headline: string;
  snippet: string | null;
  skills: SkillRef[] | null;
  rate: number | null;
  currency: string;
  availability: AvailabilityName;
  timezone: string;
  createdAt: string;
};

// PostgreSQL's JSON writes timestamps as 2026-12-07T02:46:47.673+00:00; the API speaks ISO 8601 in UTC.
const iso = (value: string): string => new Date(value).toISOString();

export function jobHitOf(item: RawItem): JobHit {
  const raw = item as RawJob;
  return {
    id: raw.id,
    title: raw.title,
    snippet: raw.snippet ?? "",
    category: raw.category,
    skills: raw.skills ?? [],
    billing: raw.billing,
    budget: { minMinor: Number(raw.budgetMin), maxMinor: Number(raw.budgetMax), currency: raw.currency },
    publishedAt: iso(raw.publishedAt),
    client: {
      id: raw.clientId,
      displayName: raw.clientName ?? "",
      country: raw.country ?? "",
      hires: Number(raw.hires),
    },
  };
}

export function freelancerHitOf(item: RawItem): FreelancerHit {
  const raw = item as RawFreelancer;
  return {
    userId: raw.userId,
    handle: raw.handle,
    headline: raw.headline,
    snippet: raw.snippet ?? "",
    skills: raw.skills ?? [],
    hourlyRate: raw.rate === null ? null : { amountMinor: Number(raw.rate), currency: raw.currency },
    availability: raw.availability,
    timezone: raw.timezone,
    createdAt: iso(raw.createdAt),
  };
}

type Counts = FacetCounts[string];

const withBounds = (counts: Counts | undefined, bands: readonly Band[]): FacetCount[] =>
  (counts ? bands : []).map((band) => ({
    value: band.value,
    count: counts?.find((c) => c.value === band.value)?.count ?? 0,
    minMinor: band.minMinor,
    maxMinor: band.maxMinor,
  }));

export function jobFacetsOf(raw: FacetCounts): Record<JobFacetName, FacetCount[]> {
  return {
    category: raw.category ?? [],
    skills: raw.skills ?? [],
    billing: raw.billing ?? [],
    budget: withBounds(raw.budget, budgetBands),
    postedWithin: raw.postedWithin ?? [],
    clientHistory: raw.clientHistory ?? [],
  };
}

export function freelancerFacetsOf(raw: FacetCounts): Record<FreelancerFacetName, FacetCount[]> {
  return {
    skills: raw.skills ?? [],
    availability: raw.availability ?? [],
    rate: withBounds(raw.rate, rateBands),
  };
}
