// The marketplace's rows of the authorization matrix: one file per capability.
import type { Entry } from "./matrix-types.js";
import { profilesMatrix } from "./profiles.js";
import { skillsMatrix } from "./skills.js";
import { jobsMatrix } from "./jobs.js";
import { searchMatrix } from "./search.js";
import { savedSearchesMatrix } from "./saved-searches.js";
import { proposalsMatrix } from "./proposals.js";
import { matchingMatrix } from "./matching.js";
import { reviewsMatrix } from "./reviews.js";

export const marketplaceMatrix: Record<string, Entry> = {
  ...profilesMatrix,
  ...skillsMatrix,
  ...jobsMatrix,
  ...searchMatrix,
  ...savedSearchesMatrix,
  ...proposalsMatrix,
  ...matchingMatrix,
  ...reviewsMatrix,
};
