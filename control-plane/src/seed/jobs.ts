// One believable job from the templates: title and description in the client's words, skills from the
// vocabulary, a budget that fits the billing, and workspace terms.
import { jobFrame, jobTemplates, type JobTemplates } from "./job-templates.js";
import { fill, type Random } from "./random.js";
import { pickCategory, pickSkills, type Skill, type Vocabulary } from "./vocabulary.js";

export type JobState = "DRAFT" | "OPEN" | "CLOSED" | "FILLED";
export type Billing = "FIXED" | "HOURLY";

/** A jobs row, column by column (inserted through jsonb_to_recordset). */
export type JobRow = {
  id: string;
  client_id: string;
  title: string;
  description: string;
  category: string;
  skill_ids: string[];
  billing: Billing;
  currency: string;
  budget_min_minor: number;
  budget_max_minor: number;
  duration: string;
  visibility: "PUBLIC" | "PRIVATE";
  /** A job is born DRAFT or OPEN (the state trigger); CLOSED and FILLED are reached by an update after. */
  state: "DRAFT" | "OPEN";
  workspace_terms: WorkspaceTerms;
  published_at: string | null;
  created_at: string;
};

export type WorkspaceTerms = {
  className: string;
  egress: { allow: string[] };
  supervision: { viewersAllowed: boolean; recording: "Disabled" | "WithConsent" };
  clipboard: "Both" | "ToWorkspace" | "Disabled";
  fileTransfer: "Both" | "Disabled";
};

/** A job and what the rest of the seed needs to know about it. */
export type PlannedJob = { row: JobRow; finalState: JobState; skills: Skill[] };

export type JobSpec = {
  id: string;
  clientId: string;
  finalState: JobState;
  /** Published within this many days before `now`... */
  days: number;
  /** ...and at least this many (a filled job's contract has had time to run). */
  minAgeDays?: number;
  now: number;
  category?: string;
};

const day = 24 * 3600 * 1000;

function templatesOf(category: string): JobTemplates {
  const templates = jobTemplates[category];
  if (!templates) throw new Error(`no job templates for category ${category}`);
  return templates;
}

function textOf(
  random: Random,
  templates: JobTemplates,
  skills: Skill[],
): { title: string; description: string } {
  const slots = {
    skill: skills[0]?.name ?? "",
    skill2: skills[1]?.name ?? skills[0]?.name ?? "",
    thing: random.pick(templates.things),
    industry: random.pick(jobFrame.industries),
    size: random.pick(jobFrame.sizes),
  };
  const details = random.sample(templates.details, random.int(2, 3)).map((d) => fill(d, slots));
  const description = [
    fill(random.pick(jobFrame.intros), slots),
    fill(random.pick(templates.goals), slots),
    ...details,
    random.pick(jobFrame.workspace),
    random.pick(jobFrame.closings),
  ].join(" ");
  return { title: fill(random.pick(templates.titles), slots), description };
}

/** Rounded the way people write budgets: to 5 below 100, to 50 below 1,000, to 100 above. */
function roundBudget(major: number): number {
  const step = major < 100 ? 5 : major < 1000 ? 50 : 100;
  return Math.max(step, Math.round(major / step) * step);
}

function budgetOf(random: Random, billing: Billing): [number, number] {
  if (billing === "HOURLY") {
    const min = roundBudget(random.logUniform(15, 110));
    return [min * 100, roundBudget(min * (1.2 + random.next() * 0.8)) * 100];
  }
  const min = roundBudget(random.logUniform(150, 40_000));
  const max = random.chance(0.3) ? min : roundBudget(min * (1.2 + random.next()));
  return [min * 100, max * 100];
}

function durationOf(random: Random, billing: Billing, maxMinor: number): string {
  if (billing === "HOURLY") return random.chance(0.6) ? "MORE_THAN_THREE_MONTHS" : "ONE_TO_THREE_MONTHS";
  if (maxMinor < 100_000) return random.chance(0.7) ? "LESS_THAN_WEEK" : "LESS_THAN_MONTH";
  if (maxMinor < 1_000_000) return random.chance(0.6) ? "LESS_THAN_MONTH" : "ONE_TO_THREE_MONTHS";
  return random.chance(0.6) ? "ONE_TO_THREE_MONTHS" : "MORE_THAN_THREE_MONTHS";
}

// CIDR:port destinations a job's SkillPod may reach beyond DNS (the SkillPod CRD's egress format).
const egressChoices: string[][] = [
  [],
  [],
  ["0.0.0.0/0:443"],
  ["140.82.112.0/20:443", "104.16.0.0/13:443"],
  ["10.20.0.0/16:5432"],
];

export function workspaceTermsOf(random: Random): WorkspaceTerms {
  return {
    className: "standard-desktop",
    egress: { allow: random.pick(egressChoices) },
    supervision: {
      viewersAllowed: random.chance(0.8),
      recording: random.chance(0.25) ? "WithConsent" : "Disabled",
    },
    clipboard: random.weighted([
      ["Both", 6],
      ["ToWorkspace", 3],
      ["Disabled", 1],
    ] as const),
    fileTransfer: random.chance(0.8) ? "Both" : "Disabled",
  };
}

function datesOf(random: Random, spec: JobSpec): { published: number | null; created: number } {
  if (spec.finalState === "DRAFT") return { published: null, created: spec.now - random.next() * 5 * day };
  // Skewed to recent days: a living marketplace posts more today than it did two months ago.
  const minAge = spec.minAgeDays ?? 0;
  const published =
    spec.now - (minAge + (spec.days - minAge) * random.next() ** 1.3) * day - random.next() * 3600_000;
  return { published, created: published - random.next() * 6 * 3600_000 };
}

export function makeJob(random: Random, vocabulary: Vocabulary, spec: JobSpec): PlannedJob {
  const category = spec.category ?? pickCategory(random, vocabulary);
  const skills = pickSkills(random, vocabulary, category, random.int(2, 5));
  const { title, description } = textOf(random, templatesOf(category), skills);
  const billing: Billing = random.chance(0.65) ? "FIXED" : "HOURLY";
  const [min, max] = budgetOf(random, billing);
  const { published, created } = datesOf(random, spec);
  const row: JobRow = {
    id: spec.id,
    client_id: spec.clientId,
    title,
    description,
    category,
    skill_ids: skills.map((s) => s.id),
    billing,
    currency: random.weighted([
      ["USD", 85],
      ["EUR", 10],
      ["GBP", 5],
    ] as const),
    budget_min_minor: min,
    budget_max_minor: max,
    duration: durationOf(random, billing, max),
    visibility: random.chance(0.97) ? "PUBLIC" : "PRIVATE",
    state: spec.finalState === "DRAFT" ? "DRAFT" : "OPEN",
    workspace_terms: workspaceTermsOf(random),
    published_at: published === null ? null : new Date(published).toISOString(),
    created_at: new Date(created).toISOString(),
  };
  return { row, finalState: spec.finalState, skills };
}

/** Milestone titles a proposal or contract for this job would have. */
export function milestoneTitlesOf(random: Random, category: string, count: number): string[] {
  const titles = templatesOf(category).milestones;
  return titles
    .slice(0, Math.max(1, Math.min(count, titles.length)))
    .map((t, i) => (i === 0 && random.chance(0.2) ? `${t} (first week)` : t));
}
