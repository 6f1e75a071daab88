// The control plane's record of a milestone's workspace (table workspaces, one row per milestone).
import type { Logger } from "pino";
import type { Pool } from "pg";
import type { WorkspaceRecord } from "./types.js";

// A record without endpoint, expiry or ready time (a stop, say) keeps the ones recorded before.
const upsert = `
INSERT INTO workspaces
  (contract_id, milestone_id, namespace, name, state, endpoint, expires_at, ready_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
ON CONFLICT (milestone_id) DO UPDATE SET
  contract_id = EXCLUDED.contract_id,
  namespace = EXCLUDED.namespace,
  name = EXCLUDED.name,
  state = EXCLUDED.state,
  endpoint = COALESCE(EXCLUDED.endpoint, workspaces.endpoint),
  expires_at = COALESCE(EXCLUDED.expires_at, workspaces.expires_at),
  ready_at = COALESCE(EXCLUDED.ready_at, workspaces.ready_at),
  updated_at = now()`;

export async function recordWorkspace(pool: Pool, record: WorkspaceRecord, log: Logger): Promise<void> {
  await pool.query(upsert, [
    record.contractId,
    record.milestoneId,
    record.namespace,
    record.name,
    record.state,
    record.endpoint ?? null,
    record.expiresAt ?? null,
    record.readyAt ?? null,
  ]);
  log.info(
    { ...record },
    `Recorded workspace ${record.namespace}/${record.name} of milestone ${record.milestoneId} as ${record.state}`,
  );
}
