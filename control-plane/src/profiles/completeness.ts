/** What a profile shows, as far as completeness looks at it. */
export type CompletenessInput = {
  headline: string;
  bio: string;
  skills: unknown[];
  hourlyRate: unknown;
  portfolioLinks: string[];
};

export type Completeness = { score: number; missing: { field: string; message: string }[] };

/** Minimum bio length for a profile to count as described. */
export const bioMinimum = 100;
/** Skills a complete profile lists. */
export const skillsMinimum = 3;

// What clients look at first weighs most; the weights add up to 100.
const parts: { field: string; weight: number; message: string; done: (p: CompletenessInput) => boolean }[] = [
  { field: "headline", weight: 20, message: "add a headline", done: (p) => p.headline !== "" },
  {
    field: "bio",
    weight: 20,
    message: `write at least ${bioMinimum} characters about your work`,
    done: (p) => p.bio.length >= bioMinimum,
  },
  {
    field: "skills",
    weight: 25,
    message: `list at least ${skillsMinimum} skills`,
    done: (p) => p.skills.length >= skillsMinimum,
  },
  { field: "hourlyRate", weight: 15, message: "set an hourly rate", done: (p) => p.hourlyRate !== null },
  {
    field: "portfolioLinks",
    weight: 20,
    message: "link at least one piece of work",
    done: (p) => p.portfolioLinks.length > 0,
  },
];

/** Profile completeness, computed on every read (never stored, so it cannot go stale). */
export function completenessOf(profile: CompletenessInput): Completeness {
  const missing = parts.filter((part) => !part.done(profile));
  const score = 100 - missing.reduce((sum, part) => sum + part.weight, 0);
  return { score, missing: missing.map(({ field, message }) => ({ field, message })) };
}
