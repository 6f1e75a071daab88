import { Prisma, type PrismaClient } from "../database.js";
import { conflict, fromDatabaseError, notFound } from "../errors/index.js";
import { completenessOf, type Completeness } from "./completeness.js";
import { deliveryRecordsOf, emptyDeliveryRecord } from "./delivery-records.js";
import {
  freelancerFieldsOf,
  type Availability,
  type FreelancerProfileFields,
  type FreelancerProfileInput,
} from "./freelancer-input.js";

export type FreelancerProfileView = {
  userId: string;
  handle: string;
  displayName: string;
  headline: string;
  bio: string;
  skills: { id: string; name: string; category: string; level: number }[];
  hourlyRate: { amountMinor: number; currency: string } | null;
  availability: Availability;
  timezone: string;
  portfolioLinks: string[];
  completeness: Completeness;
  record: {
    completedContracts: number;
    onTimeRate: number | null;
    reviewAverage: number | null;
    reviewCount: number;
  };
  createdAt: string;
  updatedAt: string;
};

type Where = { userId: string } | { handle: string };
type Options = { reviewWindowSeconds: number };

const handleTaken = (handle: string): ReturnType<typeof conflict> =>
  conflict("SKP_HANDLE_TAKEN", `The handle "${handle}" is taken`);

async function loadProfile(db: PrismaClient, where: Where) {
  return db.freelancerProfile.findUnique({
    where: "userId" in where ? { userId: where.userId } : { handle: where.handle },
    include: { skills: true, user: { select: { displayName: true } } },
  });
}

/** A freelancer's profile as everyone sees it, with completeness and delivery record; 404 when none. */
export async function freelancerProfileView(
  db: PrismaClient,
  where: Where,
  options: Options,
): Promise<FreelancerProfileView> {
  const profile = await loadProfile(db, where);
  if (!profile) throw notFound("Freelancer profile");
  const [skills, records] = await Promise.all([
    db.skill.findMany({ where: { id: { in: profile.skillIds } } }),
    deliveryRecordsOf(db, [profile.userId], options),
  ]);
  const levels = new Map(profile.skills.map((s) => [s.skillId, s.level]));
  const byId = new Map(skills.map((s) => [s.id, s]));
  const { completedContracts, onTimeRate, reviewAverage, reviewCount } =
    records.get(profile.userId) ?? emptyDeliveryRecord;
  const shown = {
    userId: profile.userId,
    handle: profile.handle,
    displayName: profile.user.displayName,
    headline: profile.headline,
    bio: profile.bio,
    skills: profile.skillIds.flatMap((id) => {
      const skill = byId.get(id);
      return skill ? [{ ...skill, level: levels.get(id) ?? 1 }] : [];
    }),
    hourlyRate:
      profile.hourlyRateMinor === null
        ? null
        : { amountMinor: Number(profile.hourlyRateMinor), currency: profile.currency },
    availability: profile.availability,
    timezone: profile.timezone,
    portfolioLinks: profile.portfolioLinks,
    createdAt: profile.createdAt.toISOString(),
    updatedAt: profile.updatedAt.toISOString(),
  };
  return {
    ...shown,
    completeness: completenessOf(shown),
    record: { completedContracts, onTimeRate, reviewAverage, reviewCount },
  };
}

async function writeProfile(
  db: PrismaClient,
  userId: string,
  fields: FreelancerProfileFields,
): Promise<boolean> {
  const { skills, ...columns } = fields;
  const skillIds = skills.map((s) => s.skillId);
  return db.$transaction(async (tx) => {
    // Concurrent saves of one profile run one after the other from here: the count below then sees the row
    // an earlier first save committed, so only one of them answers 201 Created. (A row lock cannot do this
    // before the row exists.) The lock is the user's own and ends with the transaction.
    await tx.$executeRaw(Prisma.sql`
      SELECT pg_advisory_xact_lock(hashtext('freelancer_profiles'), hashtext(${userId}))`);
    const existed = (await tx.freelancerProfile.count({ where: { userId } })) > 0;
    // The skill rows below always end equal to skill_ids.
    await tx.freelancerProfile.upsert({
      where: { userId },
      create: { userId, ...columns, skillIds },
      update: { ...columns, skillIds },
    });
    await tx.freelancerSkill.deleteMany({ where: { userId } });
    await tx.freelancerSkill.createMany({ data: skills.map((s) => ({ userId, ...s })) });
    return !existed;
  });
}

/** Creates or replaces the caller's freelancer profile; `created` says which. */
export async function saveFreelancerProfile(
  db: PrismaClient,
  userId: string,
  input: FreelancerProfileInput,
  options: Options,
): Promise<{ created: boolean; profile: FreelancerProfileView }> {
  const fields = await freelancerFieldsOf(db, input);
  const created = await writeProfile(db, userId, fields).catch((error: unknown) => {
    throw fromDatabaseError(error, { freelancer_profiles_handle_key: handleTaken(fields.handle) });
  });
  return { created, profile: await freelancerProfileView(db, { userId }, options) };
}
