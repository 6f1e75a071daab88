-- The marketplace: skill vocabulary, profiles, jobs, proposals, saved searches, reviews.
-- pg_trgm (PostgreSQL contrib, a trusted extension: the database owner may create it) gives typo tolerance
-- and autocomplete; full text uses stored, weighted tsvectors kept by triggers below.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "Availability" AS ENUM ('FULL_TIME', 'PART_TIME', 'NOT_AVAILABLE');

-- CreateEnum
CREATE TYPE "JobState" AS ENUM ('DRAFT', 'OPEN', 'CLOSED', 'FILLED');

-- CreateEnum
CREATE TYPE "JobVisibility" AS ENUM ('PUBLIC', 'PRIVATE');

-- CreateEnum
CREATE TYPE "JobDuration" AS ENUM ('LESS_THAN_WEEK', 'LESS_THAN_MONTH', 'ONE_TO_THREE_MONTHS', 'MORE_THAN_THREE_MONTHS');

-- CreateEnum
CREATE TYPE "ProposalState" AS ENUM ('SUBMITTED', 'SHORTLISTED', 'ARCHIVED', 'DECLINED', 'WITHDRAWN', 'HIRED');

-- CreateEnum
CREATE TYPE "SearchKind" AS ENUM ('JOBS', 'FREELANCERS');

-- AlterTable
ALTER TABLE "contracts" ADD COLUMN     "completed_at" TIMESTAMPTZ(3),
ADD COLUMN     "job_id" UUID;

-- AlterTable
ALTER TABLE "milestones" ADD COLUMN     "submitted_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "skills" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,

    CONSTRAINT "skills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "skill_synonyms" (
    "synonym" TEXT NOT NULL,
    "skill_id" TEXT NOT NULL,

    CONSTRAINT "skill_synonyms_pkey" PRIMARY KEY ("synonym")
);

-- CreateTable
CREATE TABLE "freelancer_profiles" (
    "user_id" UUID NOT NULL,
    "handle" TEXT NOT NULL,
    "headline" TEXT NOT NULL DEFAULT '',
    "bio" TEXT NOT NULL DEFAULT '',
    "hourly_rate_minor" BIGINT,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "availability" "Availability" NOT NULL DEFAULT 'FULL_TIME',
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "portfolio_links" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "skill_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "search_vector" tsvector,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "freelancer_profiles_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "freelancer_skills" (
    "user_id" UUID NOT NULL,
    "skill_id" TEXT NOT NULL,
    "level" SMALLINT NOT NULL,

    CONSTRAINT "freelancer_skills_pkey" PRIMARY KEY ("user_id","skill_id")
);

-- CreateTable
CREATE TABLE "client_profiles" (
    "user_id" UUID NOT NULL,
    "display_name" TEXT NOT NULL,
    "company" TEXT NOT NULL DEFAULT '',
    "country" VARCHAR(2) NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_profiles_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "skill_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "billing" "ContractBilling" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "budget_min_minor" BIGINT NOT NULL,
    "budget_max_minor" BIGINT NOT NULL,
    "duration" "JobDuration" NOT NULL,
    "visibility" "JobVisibility" NOT NULL DEFAULT 'PUBLIC',
    "state" "JobState" NOT NULL DEFAULT 'DRAFT',
    "workspace_terms" JSONB NOT NULL,
    "search_vector" tsvector,
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposals" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "job_id" UUID NOT NULL,
    "freelancer_id" UUID NOT NULL,
    "cover_letter" TEXT NOT NULL,
    "bid_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "state" "ProposalState" NOT NULL DEFAULT 'SUBMITTED',
    "decline_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proposals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposal_milestones" (
    "proposal_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "due_at" TIMESTAMPTZ(3),

    CONSTRAINT "proposal_milestones_pkey" PRIMARY KEY ("proposal_id","position")
);

-- CreateTable
CREATE TABLE "saved_searches" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "SearchKind" NOT NULL,
    "query" JSONB NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saved_searches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reviews" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contract_id" TEXT NOT NULL,
    "author_id" UUID NOT NULL,
    "subject_id" UUID NOT NULL,
    "rating" SMALLINT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reviews_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "skills_name_trgm_idx" ON "skills" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "skill_synonyms_skill_id_idx" ON "skill_synonyms"("skill_id");

-- CreateIndex
CREATE UNIQUE INDEX "freelancer_profiles_handle_key" ON "freelancer_profiles"("handle");

-- CreateIndex
CREATE INDEX "freelancer_profiles_search_idx" ON "freelancer_profiles" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "freelancer_profiles_skill_ids_idx" ON "freelancer_profiles" USING GIN ("skill_ids");

-- CreateIndex
CREATE INDEX "freelancer_profiles_headline_trgm_idx" ON "freelancer_profiles" USING GIN ("headline" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "freelancer_skills_skill_id_idx" ON "freelancer_skills"("skill_id");

-- CreateIndex
CREATE INDEX "jobs_search_idx" ON "jobs" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "jobs_skill_ids_idx" ON "jobs" USING GIN ("skill_ids");

-- CreateIndex
CREATE INDEX "jobs_title_trgm_idx" ON "jobs" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "jobs_state_published_idx" ON "jobs"("state", "published_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "jobs_client_id_created_at_idx" ON "jobs"("client_id", "created_at");

-- CreateIndex
CREATE INDEX "proposals_freelancer_id_created_at_idx" ON "proposals"("freelancer_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "proposals_job_id_freelancer_id_key" ON "proposals"("job_id", "freelancer_id");

-- CreateIndex
CREATE INDEX "saved_searches_user_id_created_at_idx" ON "saved_searches"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "reviews_subject_id_created_at_idx" ON "reviews"("subject_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "reviews_contract_id_author_id_key" ON "reviews"("contract_id", "author_id");

-- AddForeignKey
ALTER TABLE "skill_synonyms" ADD CONSTRAINT "skill_synonyms_skill_id_fkey" FOREIGN KEY ("skill_id") REFERENCES "skills"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "freelancer_profiles" ADD CONSTRAINT "freelancer_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "freelancer_skills" ADD CONSTRAINT "freelancer_skills_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "freelancer_profiles"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_profiles" ADD CONSTRAINT "client_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_freelancer_id_fkey" FOREIGN KEY ("freelancer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal_milestones" ADD CONSTRAINT "proposal_milestones_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------------------------------------
-- Rules the database holds, whatever the code does. Triggers rather than CHECK constraints: Prisma 6.19's
-- JavaScript schema engine crashes introspecting CHECK constraints (see the ledger migration).

-- Raises a check_violation naming the rule, as a CHECK constraint would.
CREATE FUNCTION skillpod_refuse(rule text, detail text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', detail USING ERRCODE = 'check_violation', CONSTRAINT = rule;
END $$;

CREATE FUNCTION skillpod_jobs_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.budget_min_minor < 0 OR NEW.budget_max_minor < NEW.budget_min_minor THEN
    PERFORM skillpod_refuse('jobs_budget_check', 'a budget is 0 ≤ min ≤ max');
  END IF;
  IF NEW.currency !~ '^[A-Z]{3}$' THEN PERFORM skillpod_refuse('jobs_currency_check', 'currency is ISO 4217'); END IF;
  IF length(btrim(NEW.title)) = 0 THEN PERFORM skillpod_refuse('jobs_title_check', 'a job has a title'); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER jobs_check BEFORE INSERT OR UPDATE ON "jobs" FOR EACH ROW EXECUTE FUNCTION skillpod_jobs_check();

CREATE FUNCTION skillpod_freelancer_profiles_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.handle !~ '^[a-z0-9][a-z0-9-]{2,29}$' THEN
    PERFORM skillpod_refuse('freelancer_profiles_handle_check', 'a handle is 3-30 of a-z, 0-9 and -');
  END IF;
  IF NEW.hourly_rate_minor < 0 THEN PERFORM skillpod_refuse('freelancer_profiles_rate_check', 'a rate is ≥ 0'); END IF;
  IF NEW.currency !~ '^[A-Z]{3}$' THEN
    PERFORM skillpod_refuse('freelancer_profiles_currency_check', 'currency is ISO 4217');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER freelancer_profiles_check BEFORE INSERT OR UPDATE ON "freelancer_profiles"
  FOR EACH ROW EXECUTE FUNCTION skillpod_freelancer_profiles_check();

CREATE FUNCTION skillpod_freelancer_skills_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.level NOT BETWEEN 1 AND 5 THEN PERFORM skillpod_refuse('freelancer_skills_level_check', 'a level is 1-5'); END IF;
  IF NOT EXISTS (SELECT FROM skills WHERE id = NEW.skill_id) THEN
    PERFORM skillpod_refuse('freelancer_skills_vocabulary_check', format('unknown skill %s', NEW.skill_id));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER freelancer_skills_check BEFORE INSERT OR UPDATE ON "freelancer_skills"
  FOR EACH ROW EXECUTE FUNCTION skillpod_freelancer_skills_check();

CREATE FUNCTION skillpod_proposals_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.bid_minor <= 0 THEN PERFORM skillpod_refuse('proposals_bid_check', 'a bid is > 0'); END IF;
  IF NEW.currency !~ '^[A-Z]{3}$' THEN PERFORM skillpod_refuse('proposals_currency_check', 'currency is ISO 4217'); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER proposals_check BEFORE INSERT OR UPDATE ON "proposals"
  FOR EACH ROW EXECUTE FUNCTION skillpod_proposals_check();

CREATE FUNCTION skillpod_proposal_milestones_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.amount_minor <= 0 THEN PERFORM skillpod_refuse('proposal_milestones_amount_check', 'an amount is > 0'); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER proposal_milestones_check BEFORE INSERT OR UPDATE ON "proposal_milestones"
  FOR EACH ROW EXECUTE FUNCTION skillpod_proposal_milestones_check();

CREATE FUNCTION skillpod_reviews_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.rating NOT BETWEEN 1 AND 5 THEN PERFORM skillpod_refuse('reviews_rating_check', 'a rating is 1-5'); END IF;
  IF NEW.author_id = NEW.subject_id THEN PERFORM skillpod_refuse('reviews_parties_check', 'nobody reviews themselves'); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER reviews_check BEFORE INSERT OR UPDATE ON "reviews" FOR EACH ROW EXECUTE FUNCTION skillpod_reviews_check();

-- The job state machine: DRAFT → OPEN → CLOSED | FILLED, CLOSED → OPEN (reopen). A job is born DRAFT or
-- OPEN; published_at is stamped the first time it opens.
CREATE FUNCTION skillpod_job_state_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.state NOT IN ('DRAFT', 'OPEN') THEN
      RAISE EXCEPTION 'a job starts as DRAFT or OPEN, not %', NEW.state USING ERRCODE = 'check_violation',
        CONSTRAINT = 'jobs_state_transition';
    END IF;
  ELSIF NEW.state IS DISTINCT FROM OLD.state AND NOT (
      (OLD.state = 'DRAFT' AND NEW.state = 'OPEN') OR
      (OLD.state = 'OPEN' AND NEW.state IN ('CLOSED', 'FILLED')) OR
      (OLD.state = 'CLOSED' AND NEW.state = 'OPEN')) THEN
    RAISE EXCEPTION 'a job cannot move from % to %', OLD.state, NEW.state USING ERRCODE = 'check_violation',
      CONSTRAINT = 'jobs_state_transition';
  END IF;
  IF NEW.state = 'OPEN' AND NEW.published_at IS NULL THEN
    NEW.published_at := now();
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER jobs_state_guard BEFORE INSERT OR UPDATE OF state ON "jobs"
  FOR EACH ROW EXECUTE FUNCTION skillpod_job_state_guard();

-- The words a list of skill ids stands for: names, slugs and synonyms ("k8s" finds a kubernetes job).
CREATE FUNCTION skillpod_skill_words(ids text[]) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(s.name || ' ' || replace(s.id, '-', ' ') || ' ' ||
    coalesce((SELECT string_agg(y.synonym, ' ') FROM skill_synonyms y WHERE y.skill_id = s.id), ''), ' '), '')
  FROM skills s WHERE s.id = ANY(coalesce(ids, '{}'))
$$;

-- Weights: title A, skills B, description C (jobs); headline A, skills B, bio C (freelancers).
CREATE FUNCTION skillpod_job_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', skillpod_skill_words(NEW.skill_ids)), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.category, '') || ' ' || coalesce(NEW.description, '')), 'C');
  RETURN NEW;
END $$;
CREATE TRIGGER jobs_search_vector BEFORE INSERT OR UPDATE OF title, description, category, skill_ids ON "jobs"
  FOR EACH ROW EXECUTE FUNCTION skillpod_job_search_vector();

CREATE FUNCTION skillpod_freelancer_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A') ||
    setweight(to_tsvector('english', skillpod_skill_words(NEW.skill_ids)), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.bio, '')), 'C');
  RETURN NEW;
END $$;
CREATE TRIGGER freelancer_profiles_search_vector
  BEFORE INSERT OR UPDATE OF headline, bio, skill_ids ON "freelancer_profiles"
  FOR EACH ROW EXECUTE FUNCTION skillpod_freelancer_search_vector();

-- Delivery records: when a contract completed and when a milestone was first submitted.
CREATE FUNCTION skillpod_contract_completed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'completed' AND NEW.completed_at IS NULL THEN NEW.completed_at := now(); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER contracts_completed_at BEFORE INSERT OR UPDATE OF state ON "contracts"
  FOR EACH ROW EXECUTE FUNCTION skillpod_contract_completed_at();

CREATE FUNCTION skillpod_milestone_submitted_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'submitted' AND NEW.submitted_at IS NULL THEN NEW.submitted_at := now(); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER milestones_submitted_at BEFORE INSERT OR UPDATE OF state ON "milestones"
  FOR EACH ROW EXECUTE FUNCTION skillpod_milestone_submitted_at();
