import type { PrismaClient } from "../database.js";
import { postgresSearchEngine } from "./postgres-engine.js";
import type { SearchEngine } from "./types.js";

/** The search engine the app uses: swapping PostgreSQL for another engine is this one line. */
export const createSearchEngine = (db: PrismaClient): SearchEngine => postgresSearchEngine(db);

export { budgetBands, rateBands, postedWindows, hiredContractStates, type Band } from "./bands.js";
export { minimumTitleQuery } from "./autocomplete.js";
export {
  defaultSearchLimit,
  freelancerSearchOf,
  jobSearchOf,
  type FreelancerSearchParams,
  type JobSearchParams,
} from "./params.js";
export type {
  Autocomplete,
  AvailabilityName,
  ClientHistory,
  FacetCount,
  FreelancerHit,
  FreelancerSearchQuery,
  FreelancerSearchResult,
  FreelancerSort,
  JobHit,
  JobSearchQuery,
  JobSearchResult,
  JobSort,
  MatchedBy,
  PostedWithin,
  SearchEngine,
} from "./types.js";
