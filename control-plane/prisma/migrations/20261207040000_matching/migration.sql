-- Matching: a job's candidate freelancers are ranked by the sum of their levels in the job's skills. With
-- level and user beside skill_id in one index, that ranking is an index-only scan (no heap visit per skill).
CREATE INDEX "freelancer_skills_fit_idx" ON "freelancer_skills"("skill_id", "user_id", "level");
