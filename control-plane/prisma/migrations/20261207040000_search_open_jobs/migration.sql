-- Search reads open public jobs only (GET /v1/search/jobs, autocomplete, saved searches), while the table
-- keeps every job a marketplace ever had: closed and filled ones pile up. Partial indexes hold just the open
-- public ones, with the same predicate the search queries carry, so a query never visits a closed job.
-- (Prisma's schema cannot express partial indexes and leaves them alone: they are not in schema.prisma.)

-- Full text and title trigrams (typo fallback, autocomplete) over open public jobs.
CREATE INDEX "jobs_open_search_idx" ON "jobs" USING GIN ("search_vector")
  WHERE "state" = 'OPEN' AND "visibility" = 'PUBLIC';
CREATE INDEX "jobs_open_title_trgm_idx" ON "jobs" USING GIN ("title" gin_trgm_ops)
  WHERE "state" = 'OPEN' AND "visibility" = 'PUBLIC';

-- Newest first, covering every column the facets and filters read: a search without a text query pages
-- through it in order and counts its facets from the index alone (an index-only scan, not the wide rows).
CREATE INDEX "jobs_open_facets_idx" ON "jobs" ("published_at" DESC, "id" DESC)
  INCLUDE ("category", "billing", "budget_min_minor", "budget_max_minor", "client_id", "skill_ids")
  WHERE "state" = 'OPEN' AND "visibility" = 'PUBLIC';

-- The budget sorts, in their keyset order (budget, then newest, then id).
CREATE INDEX "jobs_open_budget_high_idx" ON "jobs" ("budget_max_minor" DESC, "published_at" DESC, "id" DESC)
  WHERE "state" = 'OPEN' AND "visibility" = 'PUBLIC';
CREATE INDEX "jobs_open_budget_low_idx" ON "jobs" ("budget_min_minor" ASC, "published_at" DESC, "id" DESC)
  WHERE "state" = 'OPEN' AND "visibility" = 'PUBLIC';
