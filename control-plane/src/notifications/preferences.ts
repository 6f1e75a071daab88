// Per user and notification kind, which channels deliver it: in the app and by email. A kind without a row
// of its own follows the user's "*" row, and without that both channels are on. The workers' consumer reads
// the same rows, the same way, when it delivers (workers/src/notifications/preferences.ts).
import { everyNotificationKind, isNotificationKind, notificationKinds } from "@skillpod/contract-messages";
import type { PrismaClient } from "../database.js";
import { validationFailed } from "../errors/index.js";

export type ChannelChoice = { inApp: boolean; email: boolean };

/** One kind's channels; `explicit` is false when they come from the "*" row or the defaults. */
export type PreferenceView = { kind: string } & ChannelChoice & { explicit: boolean };

export type PreferenceInput = { kind: string } & ChannelChoice;

const defaults: ChannelChoice = { inApp: true, email: true };

/** Every known kind with the channels that deliver it, and the "*" row when the user has one. */
export async function readPreferences(db: PrismaClient, userId: string): Promise<PreferenceView[]> {
  const rows = await db.notificationPreference.findMany({ where: { userId } });
  const byKind = new Map(rows.map((row) => [row.kind, { inApp: row.inApp, email: row.email }]));
  const fallback = byKind.get(everyNotificationKind);
  const kinds = notificationKinds.map((kind): PreferenceView => {
    const own = byKind.get(kind);
    return { kind, ...(own ?? fallback ?? defaults), explicit: own !== undefined };
  });
  return fallback === undefined
    ? kinds
    : [{ kind: everyNotificationKind, ...fallback, explicit: true }, ...kinds];
}

/** A known kind or "*", each at most once; otherwise a 422 naming the entry. */
function checkInput(preferences: readonly PreferenceInput[]): void {
  const seen = new Set<string>();
  const problems = preferences.flatMap(({ kind }, i) => {
    const field = `preferences.${i}.kind`;
    if (kind !== everyNotificationKind && !isNotificationKind(kind))
      return [{ field, message: `is not a notification kind (${notificationKinds.join(", ")} or *)` }];
    if (seen.has(kind)) return [{ field, message: "appears more than once" }];
    seen.add(kind);
    return [];
  });
  if (problems.length > 0) throw validationFailed(problems);
}

/** Sets the channels of the kinds given (others keep theirs); returns what readPreferences then says. */
export async function writePreferences(
  db: PrismaClient,
  userId: string,
  preferences: readonly PreferenceInput[],
): Promise<PreferenceView[]> {
  checkInput(preferences);
  // One statement, ON CONFLICT: two concurrent changes of the same kind both succeed, the later one wins.
  await db.$executeRaw`
    INSERT INTO notification_preferences (user_id, kind, in_app, email, updated_at)
    SELECT ${userId}, p.kind, p.in_app, p.email, now()
    FROM unnest(${preferences.map((p) => p.kind)}::text[], ${preferences.map((p) => p.inApp)}::boolean[],
                ${preferences.map((p) => p.email)}::boolean[]) AS p(kind, in_app, email)
    ON CONFLICT (user_id, kind) DO UPDATE SET in_app = EXCLUDED.in_app, email = EXCLUDED.email, updated_at = now()`;
  return readPreferences(db, userId);
}
