// A contract's activity timeline: one feed, oldest first, of its moves (with notes and links), its money
// (escrow funded, released, refunded, paid out), its payouts, its workspaces and the messages of its
// conversation, as the contract room shows it. One SQL query; the cursor is the last item's (at, source, id).
import type pg from "pg";
import { pageOf, type Page } from "../pagination/index.js";
import { timelineCursor } from "./contract-cursors.js";
import type { Money } from "./contract-views.js";

export type TimelineItem = {
  id: string;
  at: string;
  /** contract.<move>, money.<funded|released|refunded|paid|reversed>, payout.<paid|failed>, workspace.<state>, message.created */
  type: string;
  milestoneId: string | null;
  actorId: string | null;
  note: string | null;
  links: string[];
  details: Record<string, unknown>;
  amount: Money | null;
};

type Row = {
  src: string;
  sid: string;
  at: Date;
  type: string;
  milestone_id: string | null;
  actor_id: string | null;
  note: string | null;
  links: string[] | null;
  details: Record<string, unknown> | null;
  amount: number | null;
  currency: string | null;
};

// Times are cut to milliseconds (what a cursor holds), ties broken by source and a sortable id.
const timelineSql = `
SELECT * FROM (
  SELECT 'e' AS src, lpad(e.id::text, 20, '0') AS sid, date_trunc('milliseconds', e.created_at) AS at,
         'contract.' || e.kind AS type, e.milestone_id, e.actor_id, e.note, e.links, e.details,
         NULL::float8 AS amount, NULL::text AS currency
  FROM contract_events e WHERE e.contract_id = $1
  UNION ALL
  SELECT 'l', t.id::text, date_trunc('milliseconds', t.created_at),
         'money.' || CASE t.kind WHEN 'FUND_ESCROW' THEN 'funded' WHEN 'RELEASE_ESCROW' THEN 'released'
           WHEN 'REFUND_ESCROW' THEN 'refunded' WHEN 'PAYOUT' THEN 'paid' WHEN 'REVERSE_RELEASE' THEN 'reversed'
           ELSE lower(t.kind) END,
         t.milestone_id, NULL, NULL, NULL, '{}'::jsonb,
         (SELECT sum(x.amount_minor) FROM ledger_entries x WHERE x.transaction_id = t.id AND x.amount_minor > 0)::float8,
         t.currency
  FROM ledger_transactions t WHERE t.contract_id = $1
  UNION ALL
  SELECT 'p', p.id::text, date_trunc('milliseconds', COALESCE(p.paid_at, p.updated_at)),
         CASE WHEN p.state = 'PAID' THEN 'payout.paid' ELSE 'payout.failed' END,
         p.milestone_id, NULL, NULL, NULL, jsonb_build_object('failureCode', p.failure_code, 'state', p.state),
         p.net_minor::float8, p.currency
  FROM payouts p WHERE p.contract_id = $1 AND p.state IN ('PAID', 'COMPENSATED', 'HELD')
  UNION ALL
  SELECT 'w', w.id::text || ':ready', date_trunc('milliseconds', w.ready_at), 'workspace.ready',
         w.milestone_id, NULL, NULL, NULL, jsonb_build_object('name', w.name), NULL, NULL
  FROM workspaces w WHERE w.contract_id = $1 AND w.ready_at IS NOT NULL
  UNION ALL
  SELECT 'w', w.id::text || ':state', date_trunc('milliseconds', w.updated_at), 'workspace.' || lower(w.state),
         w.milestone_id, NULL, NULL, NULL, jsonb_build_object('name', w.name, 'state', w.state), NULL, NULL
  FROM workspaces w WHERE w.contract_id = $1 AND w.state NOT IN ('Running', 'Provisioning', 'Pending')
  UNION ALL
  SELECT 'm', lpad(msg.seq::text, 20, '0'), date_trunc('milliseconds', msg.created_at), 'message.created',
         NULL, msg.author_id::text, CASE WHEN msg.deleted_at IS NULL THEN msg.body END, NULL,
         jsonb_build_object('messageId', msg.id, 'edited', msg.edited_at IS NOT NULL, 'deleted', msg.deleted_at IS NOT NULL),
         NULL, NULL
  FROM conversations cv JOIN messages msg ON msg.conversation_id = cv.id WHERE cv.contract_id = $1
) feed
WHERE $2::timestamptz IS NULL OR (feed.at, feed.src, feed.sid) > ($2::timestamptz, $3::text, $4::text)
ORDER BY feed.at, feed.src, feed.sid
LIMIT $5`;

function itemOf(row: Row): TimelineItem {
  return {
    // Event ids and message seqs are zero-padded only so that they sort as text.
    id: `${row.src}:${row.src === "e" || row.src === "m" ? String(BigInt(row.sid)) : row.sid}`,
    at: row.at.toISOString(),
    type: row.type,
    milestoneId: row.milestone_id,
    actorId: row.actor_id,
    note: row.note,
    links: row.links ?? [],
    details: row.details ?? {},
    amount:
      row.amount === null || row.currency === null
        ? null
        : { amountMinor: Number(row.amount), currency: row.currency },
  };
}

export async function contractTimeline(
  db: pg.Pool,
  contractId: string,
  query: { cursor?: string; limit: number },
): Promise<Page<TimelineItem>> {
  const [at, src, sid] = timelineCursor(query.cursor);
  const found = await db.query<Row>(timelineSql, [contractId, at, src, sid, query.limit + 1]);
  const cut = pageOf(found.rows, query.limit, (row) => [row.at.toISOString(), row.src, row.sid]);
  return { items: cut.items.map(itemOf), nextCursor: cut.nextCursor };
}
