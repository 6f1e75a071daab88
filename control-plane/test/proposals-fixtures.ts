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

/** A freelancer profile with skill levels for `userId` (a user made with a new id when none is given). */
export async function insertProfile(app: FastifyInstance, row: ProfileRow, userId?: string): Promise<string> {
  const id =
    userId ??
    (
      await app.prisma.user.create({
        data: {
          email: `fixture-${randomUUID()}@callers.test`,
          displayName: "Fixture freelancer",
          accountType: "FREELANCER",
          roles: ["freelancer"],
        },
        select: { id: true },
      })
    ).id;
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
