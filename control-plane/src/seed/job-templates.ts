// What clients write when they post a job, per skill category. Slots: {skill} and {skill2} (skill names of
// the job), {thing} (what is built, from the category's list) and {industry}.
import { engineeringJobs } from "./engineering-jobs.js";
import { specialistJobs } from "./specialist-jobs.js";

export type JobTemplates = {
  /** Skill ids of the category, most in demand first (Zipf-like popularity); others follow by id. */
  popular: string[];
  titles: string[];
  things: string[];
  goals: string[];
  details: string[];
  milestones: string[];
};

export const jobTemplates: Record<string, JobTemplates> = { ...engineeringJobs, ...specialistJobs };

/** Shared pieces of a job description, whatever the category. */
export const jobFrame = {
  industries: [
    "fintech",
    "healthcare",
    "e-commerce",
    "logistics",
    "education",
    "travel",
    "real estate",
    "media",
    "SaaS",
    "non-profit",
    "manufacturing",
    "gaming",
  ],
  intros: [
    "We are a {size} {industry} company.",
    "Hi! We run a {size} {industry} business and are hiring a freelancer.",
    "Our {size} {industry} team is looking for help.",
    "We are a {size} {industry} startup with paying customers.",
  ],
  sizes: ["small", "ten-person", "fast-growing", "bootstrapped", "venture-backed", "family-owned"],
  closings: [
    "Please include links to similar work and tell us how you would approach the first two weeks.",
    "Tell us about a comparable project and what you would do differently now.",
    "The budget is negotiable for someone with directly relevant experience.",
    "We reply to every proposal within two working days.",
    "This could turn into a long-term engagement for the right person.",
  ],
  workspace: [
    "All work happens in a SkillPod workspace we provide, so nothing needs to be installed on your machine.",
    "You will get a SkillPod workspace with the repository and tools ready; we may watch sessions for review.",
    "Work is done in a supervised SkillPod workspace; the clipboard is limited and downloads are disabled.",
  ],
};
