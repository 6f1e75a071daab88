import type { JobView } from "../jobs/index.js";
import type { MatchJob, SkillNames } from "./types.js";

/** What matching reads of a job as the jobs capability shows it. */
export function matchJobOf(job: JobView): MatchJob {
  return {
    skillIds: job.skills.map((skill) => skill.id),
    billing: job.billing,
    currency: job.budget.currency,
    budgetMinMinor: job.budget.minMinor,
    budgetMaxMinor: job.budget.maxMinor,
    duration: job.duration,
  };
}

/** The job's skills' display names, which its view already carries. */
export function skillNamesOfJob(job: JobView): SkillNames {
  return new Map(job.skills.map((skill) => [skill.id, skill.name]));
}
