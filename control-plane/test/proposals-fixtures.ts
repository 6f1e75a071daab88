// Marketplace rows the proposals and matching tests insert directly (through the app's own Prisma client):
// jobs in any state, freelancer profiles with skill levels, and delivery records (contracts, milestones,
// reviews) as the contracts capability will write them. Every value is unique per call, since other test
// files share the database.
import type { FastifyInstance } from "fastify";
import { randomUUID } from "node:crypto";
import type {
  Availability,
  ContractBilling,
  JobDuration,
  JobState,
  JobVisibility,
} from "../src/generated/prisma/enums.js";

export type JobRow = {
  title?: string;
  skillIds?: string[];
  billing?: ContractBilling;
  currency?: string;
  budgetMinMinor?: number;
  budgetMaxMinor?: number;
  duration?: JobDuration;
  visibility?: JobVisibility;
  state?: JobState;
};

/** A job of `clientId`; OPEN and PUBLIC unless told (CLOSED and FILLED pass through OPEN, as the rules say). */
export async function insertJob(app: FastifyInstance, clientId: string, row: JobRow = {}): Promise<string> {
  const state = row.state ?? "OPEN";
  const job = await app.prisma.job.create({
    data: {
      clientId,
      title: row.title ?? `Job ${randomUUID().slice(0, 8)}`,
      description: "A job a test made",
      category: "devops",
      skillIds: row.skillIds ?? ["kubernetes"],
      billing: row.billing ?? "FIXED",
      currency: row.currency ?? "USD",
      budgetMinMinor: BigInt(row.budgetMinMinor ?? 100_000),
      budgetMaxMinor: BigInt(row.budgetMaxMinor ?? 500_000),
      duration: row.duration ?? "LESS_THAN_MONTH",
      visibility: row.visibility ?? "PUBLIC",
      state: state === "DRAFT" ? "DRAFT" : "OPEN",
      workspaceTerms: {},
    },
    select: { id: true },
  });
  if (state === "CLOSED" || state === "FILLED") await setJobState(app, job.id, state);
  return job.id;
}

export async function setJobState(app: FastifyInstance, jobId: string, state: JobState): Promise<void> {
  await app.prisma.job.update({ where: { id: jobId }, data: { state } });
}

export type ProfileRow = {
  skills: Record<string, number>;
  hourlyRateMinor?: number | null;
  currency?: string;
  availability?: Availability;
};

/** A freelancer account with no sign-in (a row is all that matching and proposals need of them). */
export async function insertFreelancer(app: FastifyInstance): Promise<string> {
  const user = await app.prisma.user.create({
    data: {
      email: `fixture-${randomUUID()}@callers.test`,
      displayName: "Fixture freelancer",
      accountType: "FREELANCER",
      roles: ["freelancer"],
    },
    select: { id: true },
  });
  return user.id;
}

/** A freelancer profile with skill levels for `userId` (a user made with a new id when none is given). */
export async function insertProfile(app: FastifyInstance, row: ProfileRow, userId?: string): Promise<string> {
  const id = userId ?? (await insertFreelancer(app));
  await app.prisma.freelancerProfile.create({
    data: {
      userId: id,
      handle: `fx-${randomUUID().slice(0, 12)}`,
      headline: "Fixture",
      hourlyRateMinor: row.hourlyRateMinor === null ? null : BigInt(row.hourlyRateMinor ?? 8000),
      currency: row.currency ?? "USD",
      availability: row.availability ?? "FULL_TIME",
      skillIds: Object.keys(row.skills),
      skills: { create: Object.entries(row.skills).map(([skillId, level]) => ({ skillId, level })) },
    },
  });
  return id;
}

/** A submitted fixed-price proposal of $1,000 in one milestone, as the proposals route would store it. */
export async function insertProposal(
  app: FastifyInstance,
  jobId: string,
  freelancerId: string,
): Promise<string> {
  const proposal = await app.prisma.proposal.create({
    data: {
      jobId,
      freelancerId,
      coverLetter: "A proposal a test made",
      bidMinor: 100_000n,
      currency: "USD",
      milestones: { create: { position: 1, title: "All of it", amountMinor: 100_000n } },
    },
    select: { id: true },
  });
  return proposal.id;
}

/**
 * `count` completed contracts of the freelancer with `clientId`, each with one milestone submitted before
 * its due date and reviews both ways (so the freelancer's is visible at once), rated `rating`.
 */
export async function insertRecord(
  app: FastifyInstance,
  freelancerId: string,
  clientId: string,
  { count, rating }: { count: number; rating: number },
): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const id = `c_fixture_${randomUUID()}`;
    await app.prisma.contract.create({
      data: {
        id,
        workflowId: `wf_${id}`,
        clientId,
        freelancerId,
        title: "Fixture contract",
        currency: "USD",
        platformFeeBps: 1000,
        state: "completed",
        milestones: {
          create: {
            id: `m_${id}`,
            position: 1,
            title: "All of it",
            amountMinor: 100_000n,
            dueAt: new Date(Date.now() + 86_400_000),
            submittedAt: new Date(),
            state: "approved",
          },
        },
      },
    });
    await app.prisma.review.createMany({
      data: [
        { contractId: id, authorId: clientId, subjectId: freelancerId, rating, body: "Fixture" },
        { contractId: id, authorId: freelancerId, subjectId: clientId, rating: 5, body: "Fixture" },
      ],
    });
  }
}

/**
 * Takes what a test made out of the shared pools that matching ranks: its profiles are deleted and its open
 * jobs closed, so later runs (and other files) do not find them among their candidates.
 */
export async function retire(
  app: FastifyInstance,
  made: { profiles: string[]; jobs: string[] },
): Promise<void> {
  await app.prisma.freelancerProfile.deleteMany({ where: { userId: { in: made.profiles } } });
  await app.prisma.job.updateMany({
    where: { id: { in: made.jobs }, state: "OPEN" },
    data: { state: "CLOSED" },
  });
}

/**
 * Skills of the vocabulary that only this run uses (with a synonym each), so that what matching ranks over
 * them is exactly what the test made, however full the shared database is (a benchmark seed puts 20,000
 * freelancers and 100,000 jobs there).
 */
export async function insertSkills(
  app: FastifyInstance,
  count: number,
): Promise<{ id: string; name: string; synonym: string }[]> {
  const run = randomUUID().slice(0, 8);
  const skills = Array.from({ length: count }, (_, i) => ({
    id: `zz-match-${run}-${i}`,
    name: `Match test ${run} ${i}`,
    synonym: `zzm${run}${i}`,
  }));
  await app.prisma.skill.createMany({
    data: skills.map(({ id, name }) => ({ id, name, category: "devops" })),
  });
  await app.prisma.skillSynonym.createMany({
    data: skills.map(({ id, synonym }) => ({ synonym, skillId: id })),
  });
  return skills;
}

/** Takes the run's skills out of the vocabulary again (after retire() deleted the profiles holding them). */
export async function dropSkills(app: FastifyInstance, ids: string[]): Promise<void> {
  await app.prisma.freelancerSkill.deleteMany({ where: { skillId: { in: ids } } });
  await app.prisma.skill.deleteMany({ where: { id: { in: ids } } });
}
