import type { Prisma, PrismaClient } from "../database.js";
import { conflict, notFound, validationFailed } from "../errors/index.js";
import {
  newestFirstAfter,
  newestFirstKey,
  newestFirstOrder,
  pageOf,
  type Page,
} from "../pagination/index.js";
import {
  defaultSearchLimit,
  type FreelancerSearchParams,
  type JobSearchParams,
  type SearchEngine,
} from "../search/index.js";
import { resolveSkillIds } from "../skills/index.js";

// Saved searches: a user's named job or freelancer search, with how many results are new since they last
// looked. The query is kept as the search route takes it, except that skills are stored as canonical ids
// (resolved when saving), so a synonym added or removed later does not change what a saved search means.

export type SavedSearchKind = "JOBS" | "FREELANCERS";

export type SavedSearchInput =
  | { name: string; kind: "JOBS"; query: Omit<JobSearchParams, "cursor" | "limit"> }
  | { name: string; kind: "FREELANCERS"; query: Omit<FreelancerSearchParams, "cursor" | "limit"> };

export type SavedSearchView = {
  id: string;
  name: string;
  kind: SavedSearchKind;
  query: Record<string, unknown>;
  lastSeenAt: string;
  createdAt: string;
  newSinceLastSeen: number;
};

type Row = Prisma.SavedSearchModel;

/** More would make every list of them a burst of searches. */
export const savedSearchLimit = 50;

function checkRange(query: Record<string, unknown>, min: string, max: string): void {
  const low = query[min];
  const high = query[max];
  if (typeof low === "number" && typeof high === "number" && low > high)
    throw validationFailed([{ field: `query.${max}`, message: `must be at least query.${min}` }]);
}

export async function createSavedSearch(
  db: PrismaClient,
  userId: string,
  input: SavedSearchInput,
  engine: SearchEngine,
): Promise<SavedSearchView> {
  const query: Record<string, unknown> = { ...input.query };
  if (input.kind === "JOBS") checkRange(query, "budgetMin", "budgetMax");
  else checkRange(query, "rateMin", "rateMax");
  if (input.query.skills) query.skills = await resolveSkillIds(db, input.query.skills, "query.skills");
  if (query.q === "") delete query.q;
  if ((await db.savedSearch.count({ where: { userId } })) >= savedSearchLimit)
    throw conflict("SKP_SAVED_SEARCH_LIMIT", `A user keeps at most ${savedSearchLimit} saved searches`);
  const row = await db.savedSearch.create({
    data: { userId, name: input.name.trim(), kind: input.kind, query: query as Prisma.InputJsonObject },
  });
  return viewOf(row, engine);
}

const storedQuery = (row: Row): Record<string, unknown> =>
  row.query && typeof row.query === "object" && !Array.isArray(row.query) ? row.query : {};

/** How many results a saved search has that appeared after its owner last looked. */
async function newSince(row: Row, engine: SearchEngine): Promise<number> {
  const { skills, category, ...rest } = storedQuery(row) as JobSearchParams & FreelancerSearchParams;
  const common = { ...rest, skillIds: skills, limit: defaultSearchLimit };
  return row.kind === "JOBS"
    ? engine.countNewJobs({ ...common, categories: category }, row.lastSeenAt)
    : engine.countNewFreelancers(common, row.lastSeenAt);
}

async function viewOf(row: Row, engine: SearchEngine): Promise<SavedSearchView> {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    query: storedQuery(row),
    lastSeenAt: row.lastSeenAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    newSinceLastSeen: await newSince(row, engine),
  };
}

async function ownRow(db: PrismaClient, id: string, userId: string): Promise<Row> {
  const row = await db.savedSearch.findFirst({ where: { id, userId } });
  if (!row) throw notFound("Saved search");
  return row;
}

export async function readSavedSearch(
  db: PrismaClient,
  id: string,
  userId: string,
  engine: SearchEngine,
): Promise<SavedSearchView> {
  return viewOf(await ownRow(db, id, userId), engine);
}

export async function deleteSavedSearch(db: PrismaClient, id: string, userId: string): Promise<void> {
  const { count } = await db.savedSearch.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound("Saved search");
}

/** The owner has looked at the results now: nothing is new any more. */
export async function markSavedSearchSeen(
  db: PrismaClient,
  id: string,
  userId: string,
  engine: SearchEngine,
): Promise<SavedSearchView> {
  // The database's clock, the one that stamps jobs' published_at, so nothing falls between two clocks.
  const seen = await db.$executeRaw`
    UPDATE saved_searches SET last_seen_at = now() WHERE id = ${id}::uuid AND user_id = ${userId}::uuid`;
  if (seen === 0) throw notFound("Saved search");
  return viewOf(await ownRow(db, id, userId), engine);
}

/** The user's saved searches, newest first, each with its new-since-last-seen count. */
export async function listSavedSearches(
  db: PrismaClient,
  userId: string,
  page: { cursor?: string; limit: number },
  engine: SearchEngine,
): Promise<Page<SavedSearchView>> {
  const rows = await db.savedSearch.findMany({
    where: {
      userId,
      ...newestFirstAfter(page.cursor),
    },
    orderBy: newestFirstOrder,
    take: page.limit + 1,
  });
  const { items, nextCursor } = pageOf(rows, page.limit, newestFirstKey);
  return { items: await Promise.all(items.map((row) => viewOf(row, engine))), nextCursor };
}
