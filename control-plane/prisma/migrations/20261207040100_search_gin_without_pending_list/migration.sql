-- GIN's fast update parks new entries in a pending list that every search scans in full until a vacuum
-- merges it (up to gin_pending_list_limit, 4 MB): searches slow down as jobs are posted. The marketplace
-- reads far more than it writes, so the search indexes over open jobs take each entry in place instead.
ALTER INDEX "jobs_open_search_idx" SET (fastupdate = off);
ALTER INDEX "jobs_open_title_trgm_idx" SET (fastupdate = off);
SELECT gin_clean_pending_list('jobs_open_search_idx'::regclass), gin_clean_pending_list('jobs_open_title_trgm_idx'::regclass);
