// Seeded accounts: freelancers with profiles, skills (with levels) and rates; clients with client profiles.
import { jobTemplates } from "./job-templates.js";
import {
  bioClosings,
  bioMiddles,
  bioOpenings,
  companyNames,
  companySuffixes,
  countries,
  firstNames,
  headlines,
  lastNames,
  timezones,
} from "./people-templates.js";
import { fill, type Random } from "./random.js";
import { pickCategory, pickSkills, type Skill, type Vocabulary } from "./vocabulary.js";

export type UserRow = {
  id: string;
  email: string;
  display_name: string;
  account_type: "FREELANCER" | "CLIENT" | "COMPANY";
  roles: string[];
  password_hash: string;
  created_at: string;
};

export type FreelancerProfileRow = {
  user_id: string;
  handle: string;
  headline: string;
  bio: string;
  hourly_rate_minor: number;
  currency: string;
  availability: "FULL_TIME" | "PART_TIME" | "NOT_AVAILABLE";
  timezone: string;
  portfolio_links: string[];
  skill_ids: string[];
  created_at: string;
};

export type FreelancerSkillRow = { user_id: string; skill_id: string; level: number };
export type ClientProfileRow = { user_id: string; display_name: string; company: string; country: string };

export type SeededFreelancer = {
  user: UserRow;
  profile: FreelancerProfileRow;
  skills: FreelancerSkillRow[];
  category: string;
};
export type SeededClient = { user: UserRow; profile: ClientProfileRow };

/** Who the account is: its id, email and the hash of the shared seed password. */
export type AccountSpec = { id: string; email: string; passwordHash: string; now: number };

const day = 24 * 3600 * 1000;

export function personName(random: Random): string {
  return `${random.pick(firstNames)} ${random.pick(lastNames)}`;
}

/** "Amara O'Brien" → "amara-obrien", then the caller's suffix keeps it unique. */
export function handleOf(name: string, suffix: string): string {
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, "")
    .trim()
    .replace(/ +/g, "-");
  return `${base}-${suffix}`.slice(0, 30).replace(/-+$/, "");
}

function userRow(random: Random, spec: AccountSpec, name: string, type: UserRow["account_type"]): UserRow {
  return {
    id: spec.id,
    email: spec.email,
    display_name: name,
    account_type: type,
    roles: [type === "FREELANCER" ? "freelancer" : "client"],
    password_hash: spec.passwordHash,
    // Members for a few weeks to three years: "member since" varies like it would.
    created_at: new Date(spec.now - (30 + random.next() * 1000) * day).toISOString(),
  };
}

function bioOf(random: Random, slots: Record<string, string>): string {
  return [
    fill(random.pick(bioOpenings), slots),
    ...random.sample(bioMiddles, 2).map((m) => fill(m, slots)),
    random.pick(bioClosings),
  ].join(" ");
}

function profileSlots(
  random: Random,
  skills: Skill[],
  category: string,
  region: string,
): Record<string, string> {
  return {
    // Every freelancer has three skills at least (pickSkills with 3 to 8).
    ...Object.fromEntries(
      ["skill", "skill2", "skill3"].map((slot, i) => [slot, (skills[i] ?? skills[0])?.name ?? ""]),
    ),
    years: String(random.int(3, 18)),
    industry: random.pick(["fintech", "healthcare", "e-commerce", "SaaS", "media", "logistics"]),
    thing: random.pick(jobTemplates[category]?.things ?? ["product"]),
    tz: region,
  };
}

export function makeFreelancer(
  random: Random,
  vocabulary: Vocabulary,
  spec: AccountSpec & { name: string; handle: string },
): SeededFreelancer {
  const category = pickCategory(random, vocabulary);
  const skills = pickSkills(random, vocabulary, category, random.int(3, 8));
  const [timezone, region] = random.pick(timezones);
  const slots = profileSlots(random, skills, category, region);
  const user = userRow(random, spec, spec.name, "FREELANCER");
  const profile: FreelancerProfileRow = {
    user_id: spec.id,
    handle: spec.handle,
    headline: fill(random.pick(headlines[category] ?? ["{skill} freelancer"]), slots),
    bio: bioOf(random, slots),
    hourly_rate_minor: Math.round(random.logUniform(20, 160) / 5) * 500,
    currency: random.weighted([
      ["USD", 80],
      ["EUR", 15],
      ["GBP", 5],
    ] as const),
    availability: random.weighted([
      ["FULL_TIME", 65],
      ["PART_TIME", 28],
      ["NOT_AVAILABLE", 7],
    ] as const),
    timezone,
    portfolio_links: [`https://example.com/portfolio/${spec.handle}`],
    skill_ids: skills.map((s) => s.id),
    created_at: user.created_at,
  };
  // The main skill is the one they are best at; the rest range from working knowledge to expert.
  const levels = skills.map((s, i) => ({
    user_id: spec.id,
    skill_id: s.id,
    level: i === 0 ? random.int(4, 5) : random.int(2, 5),
  }));
  return { user, profile, skills: levels, category };
}

export function makeClient(random: Random, spec: AccountSpec & { index: number }): SeededClient {
  const person = personName(random);
  const company = `${companyNames[spec.index % companyNames.length] ?? "Acme"} ${random.pick(companySuffixes)}`;
  const isCompany = random.chance(0.6);
  const displayName = isCompany ? company : person;
  return {
    user: userRow(random, spec, displayName, isCompany ? "COMPANY" : "CLIENT"),
    profile: { user_id: spec.id, display_name: displayName, company, country: random.pick(countries) },
  };
}
