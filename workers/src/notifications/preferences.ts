// What a user asked for: per kind, and for every kind ("*"), whether a notification reaches them in the app
// and by email. No row means both, so a user who never opened their settings gets everything.
import { everyNotificationKind } from "@skillpod/contract-messages";
import type { Pool } from "pg";

export type ChannelPreference = { inApp: boolean; email: boolean };

const everything: ChannelPreference = { inApp: true, email: true };

/** The user's row for this kind, else their "*" row, else both channels. */
export async function channelPreferenceOf(
  pool: Pool,
  userId: string,
  kind: string,
): Promise<ChannelPreference> {
  const result = await pool.query<{ in_app: boolean; email: boolean }>(
    `SELECT in_app, email FROM notification_preferences
     WHERE user_id = $1 AND kind IN ($2, $3) ORDER BY kind = $3 LIMIT 1`,
    [userId, kind, everyNotificationKind],
  );
  const row = result.rows[0];
  return row === undefined ? everything : { inApp: row.in_app, email: row.email };
}
