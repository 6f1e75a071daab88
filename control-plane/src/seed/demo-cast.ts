// The people of the demo marketplace: seeded clients and freelancers (emails @seed.skillpod.dev, the
// demo password), Ada's full freelancer profile and Acme's client profile.
import type { DemoAccounts } from "./demo-users.js";
import { tables, insertRows, type Queryable } from "./insert.js";
import {
  handleOf,
  makeClient,
  makeFreelancer,
  personName,
  type SeededClient,
  type SeededFreelancer,
} from "./people.js";
import { Random, seededUuid } from "./random.js";
import type { Vocabulary } from "./vocabulary.js";

export const seedDomain = "seed.skillpod.dev";

export type Cast = {
  clients: SeededClient[];
  freelancers: SeededFreelancer[];
  ada: SeededFreelancer;
  acme: SeededClient;
};

export type CastSpec = { clients: number; freelancers: number; passwordHash: string; now: number };

const adaSkills: [string, number][] = [
  ["react", 5],
  ["typescript", 5],
  ["accessibility", 5],
  ["html-css", 5],
  ["nextjs", 4],
  ["ui-design", 4],
  ["figma", 3],
];

/** Ada's profile, written by hand: the freelancer a new user signs in as. */
function adaOf(demo: DemoAccounts, vocabulary: Vocabulary, now: number): SeededFreelancer {
  const skills = adaSkills.filter(([id]) => vocabulary.skillById.has(id));
  return {
    category: "web-development",
    user: {
      id: demo.ada,
      email: "ada@demo.skillpod.dev",
      display_name: "Ada Lovelace",
      account_type: "FREELANCER",
      roles: ["freelancer"],
      password_hash: "",
      created_at: new Date(now).toISOString(),
    },
    profile: {
      user_id: demo.ada,
      handle: "ada",
      headline: "Front-end engineer: React, TypeScript and accessible design systems",
      bio:
        "I build web apps that everyone can use. Twelve years of front-end work, the last six on React and " +
        "TypeScript for fintech and healthcare teams; I led the design system of a bank's customer portal " +
        "and took it to WCAG 2.1 AA. I work in small, tested steps inside your SkillPod workspace, and I " +
        "write handover notes your team will actually read.",
      hourly_rate_minor: 9500,
      currency: "EUR",
      availability: "FULL_TIME",
      timezone: "Europe/London",
      portfolio_links: ["https://example.com/portfolio/ada", "https://example.org/talks/accessible-react"],
      skill_ids: skills.map(([id]) => id),
      created_at: new Date(now).toISOString(),
    },
    skills: skills.map(([skill_id, level]) => ({ user_id: demo.ada, skill_id, level })),
  };
}

function acmeOf(demo: DemoAccounts, now: number): SeededClient {
  return {
    user: {
      id: demo.acme,
      email: "client@demo.skillpod.dev",
      display_name: "Acme Ltd",
      account_type: "COMPANY",
      roles: ["client"],
      password_hash: "",
      created_at: new Date(now).toISOString(),
    },
    profile: { user_id: demo.acme, display_name: "Acme Ltd", company: "Acme Ltd", country: "GB" },
  };
}

export function castOf(vocabulary: Vocabulary, demo: DemoAccounts, spec: CastSpec): Cast {
  const random = new Random(7001);
  const account = (key: string): { id: string; email: string; passwordHash: string; now: number } => ({
    id: seededUuid(`demo:${key}`),
    email: `${key}@${seedDomain}`,
    passwordHash: spec.passwordHash,
    now: spec.now,
  });
  const clients = Array.from({ length: spec.clients }, (_, index) =>
    makeClient(random, { ...account(`client-${index + 1}`), index }),
  );
  const freelancers = Array.from({ length: spec.freelancers }, (_, index) => {
    const name = personName(random);
    const handle = handleOf(name, String(index + 1));
    return makeFreelancer(random, vocabulary, { ...account(handle), handle, name });
  });
  return { clients, freelancers, ada: adaOf(demo, vocabulary, spec.now), acme: acmeOf(demo, spec.now) };
}

/** Writes the cast's accounts and profiles; the demo users' accounts exist already (seedDemoUsers). */
export async function writeCast(db: Queryable, cast: Cast, say: (line: string) => void): Promise<void> {
  const clientUsers = await insertRows(
    db,
    tables.users,
    cast.clients.map((c) => c.user),
  );
  const clientProfiles = await insertRows(
    db,
    tables.clientProfiles,
    [...cast.clients, cast.acme].map((c) => c.profile),
  );
  say(
    `clients: ${cast.clients.length} seeded + Acme (${clientUsers.length} new accounts, ${clientProfiles.length} new profiles)`,
  );
  const freelancerUsers = await insertRows(
    db,
    tables.users,
    cast.freelancers.map((f) => f.user),
  );
  const everyone = [...cast.freelancers, cast.ada];
  const newProfiles = new Set(
    await insertRows(
      db,
      tables.freelancerProfiles,
      everyone.map((f) => f.profile),
    ),
  );
  // Skills only with a profile made now: an existing profile's skills are its owner's to change.
  const skills = everyone.filter((f) => newProfiles.has(f.user.id)).flatMap((f) => f.skills);
  await insertRows(db, tables.freelancerSkills, skills);
  say(
    `freelancers: ${cast.freelancers.length} seeded + Ada (${freelancerUsers.length} new accounts, ` +
      `${newProfiles.size} new profiles with ${skills.length} skills)`,
  );
}
