import type { PrismaClient } from "../database.js";
import { validationFailed } from "../errors/index.js";
import { skillIdsOfTerms } from "../skills/index.js";

export type Availability = "FULL_TIME" | "PART_TIME" | "NOT_AVAILABLE";

/** A freelancer profile as the owner sends it (PUT replaces: what is left out takes its default). */
export type FreelancerProfileInput = {
  handle: string;
  headline?: string;
  bio?: string;
  skills?: { skill: string; level: number }[];
  hourlyRate?: { amountMinor: number; currency: string } | null;
  availability?: Availability;
  timezone?: string;
  portfolioLinks?: string[];
};

/** The input checked and normalised: canonical skill ids, a canonical time zone, parsed links. */
export type FreelancerProfileFields = {
  handle: string;
  headline: string;
  bio: string;
  skills: { skillId: string; level: number }[];
  hourlyRateMinor: bigint | null;
  currency: string;
  availability: Availability;
  timezone: string;
  portfolioLinks: string[];
};

type FieldError = { field: string; message: string };

/** The IANA name as Intl spells it ("europe/paris" → "Europe/Paris"), or undefined for an unknown zone. */
export function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function portfolioLink(link: string): string | undefined {
  try {
    const url = new URL(link);
    const fine = url.protocol === "https:" && url.hostname !== "" && !url.username && !url.password;
    return fine ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function linksOf(links: string[], errors: FieldError[]): string[] {
  const parsed = links.map((link, i) => {
    const href = portfolioLink(link);
    if (!href) errors.push({ field: `portfolioLinks.${i}`, message: "is not an https URL" });
    return href ?? "";
  });
  return [...new Set(parsed)];
}

async function skillsOf(
  db: PrismaClient,
  skills: { skill: string; level: number }[],
  errors: FieldError[],
): Promise<{ skillId: string; level: number }[]> {
  const ids = await skillIdsOfTerms(
    db,
    skills.map((s) => s.skill),
  );
  const seen = new Set<string>();
  return skills.flatMap(({ level }, i) => {
    const skillId = ids[i];
    const field = `skills.${i}.skill`;
    if (!skillId) errors.push({ field, message: "is not a known skill" });
    else if (seen.has(skillId)) errors.push({ field, message: `repeats ${skillId}` });
    else seen.add(skillId);
    return skillId ? [{ skillId, level }] : [];
  });
}

/** Checks what a schema cannot (known skills, a real time zone, https links); a 400 names each field. */
export async function freelancerFieldsOf(
  db: PrismaClient,
  input: FreelancerProfileInput,
): Promise<FreelancerProfileFields> {
  const errors: FieldError[] = [];
  const skills = await skillsOf(db, input.skills ?? [], errors);
  const timezone = canonicalTimeZone(input.timezone ?? "UTC");
  if (!timezone) errors.push({ field: "timezone", message: "is not an IANA time zone" });
  const portfolioLinks = linksOf(input.portfolioLinks ?? [], errors);
  if (errors.length > 0 || !timezone) throw validationFailed(errors);
  return { ...withDefaults(input), skills, timezone, portfolioLinks };
}

function withDefaults(
  input: FreelancerProfileInput,
): Omit<FreelancerProfileFields, "skills" | "timezone" | "portfolioLinks"> {
  const rate = input.hourlyRate ?? null;
  return {
    handle: input.handle,
    headline: (input.headline ?? "").trim(),
    bio: (input.bio ?? "").trim(),
    hourlyRateMinor: rate === null ? null : BigInt(rate.amountMinor),
    currency: rate?.currency ?? "USD",
    availability: input.availability ?? "FULL_TIME",
  };
}
