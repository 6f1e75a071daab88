import type { SkillSuggestion } from "../skills/index.js";

// The search capability's contract: what the routes and saved searches ask, and what they get back. The
// PostgreSQL module (postgres-engine.ts) is one implementation; an Elasticsearch one would implement the same
// SearchEngine and nothing else would change.

export type JobSort = "relevance" | "newest" | "budget_high" | "budget_low";
export type FreelancerSort = "relevance" | "newest" | "rate_high" | "rate_low";
export type PostedWithin = "1d" | "3d" | "7d" | "30d";
export type ClientHistory = "hired" | "new";
export type AvailabilityName = "FULL_TIME" | "PART_TIME" | "NOT_AVAILABLE";

/** How the text query matched: full text, or (when that found nothing) trigram similarity to titles. */
export type MatchedBy = "text" | "similar";

/** A job search with its filters; skills already resolved to canonical ids (the vocabulary's job). */
export type JobSearchQuery = {
  q?: string;
  categories?: string[];
  skillIds?: string[];
  billing?: ("FIXED" | "HOURLY")[];
  budgetMin?: number;
  budgetMax?: number;
  postedWithin?: PostedWithin;
  clientHistory?: ClientHistory;
  sort?: JobSort;
  /** The facets to count (all when absent): each costs a share of the query. */
  facets?: JobFacetName[];
  cursor?: string;
  limit: number;
};

export type FreelancerSearchQuery = {
  q?: string;
  skillIds?: string[];
  availability?: AvailabilityName[];
  rateMin?: number;
  rateMax?: number;
  sort?: FreelancerSort;
  facets?: FreelancerFacetName[];
  cursor?: string;
  limit: number;
};

/** One value of a facet and how many results it would give with the other filters as they are. */
export type FacetCount = {
  value: string;
  count: number;
  label?: string;
  minMinor?: number;
  maxMinor?: number | null;
};

export type JobHit = {
  id: string;
  title: string;
  snippet: string;
  category: string;
  skills: { id: string; name: string }[];
  billing: "FIXED" | "HOURLY";
  budget: { minMinor: number; maxMinor: number; currency: string };
  publishedAt: string;
  client: { id: string; displayName: string; country: string; hires: number };
};

export type FreelancerHit = {
  userId: string;
  handle: string;
  headline: string;
  snippet: string;
  skills: { id: string; name: string }[];
  hourlyRate: { amountMinor: number; currency: string } | null;
  availability: AvailabilityName;
  timezone: string;
  createdAt: string;
};

export type SearchResult<Hit, FacetName extends string> = {
  items: Hit[];
  total: number;
  /** Every facet; one that was not asked for has no values. */
  facets: Record<FacetName, FacetCount[]>;
  /** Null when there was no text query (or it held only stop words): every result matches. */
  matchedBy: MatchedBy | null;
  nextCursor: string | null;
};

export type JobFacetName = "category" | "skills" | "billing" | "budget" | "postedWithin" | "clientHistory";
export type FreelancerFacetName = "skills" | "availability" | "rate";

export type JobSearchResult = SearchResult<JobHit, JobFacetName>;
export type FreelancerSearchResult = SearchResult<FreelancerHit, FreelancerFacetName>;

export type Autocomplete = {
  jobs: { id: string; title: string }[];
  skills: SkillSuggestion[];
};

export interface SearchEngine {
  searchJobs(query: JobSearchQuery): Promise<JobSearchResult>;
  searchFreelancers(query: FreelancerSearchQuery): Promise<FreelancerSearchResult>;
  autocomplete(q: string, limit: number): Promise<Autocomplete>;
  /** Jobs matching the search (cursor, sort and limit ignored) first published after `since`. */
  countNewJobs(query: JobSearchQuery, since: Date): Promise<number>;
  /** Freelancers matching the search whose profile was created after `since`. */
  countNewFreelancers(query: FreelancerSearchQuery, since: Date): Promise<number>;
}
