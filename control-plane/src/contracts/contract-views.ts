// One contract as the API shows it: its row, its milestones with their states, deadlines, payouts and
// workspaces, all in one SQL query. A move's answer overlays what the workflow just reported (a payout it
// started a moment ago has no row yet).
import {
  contractDefaults,
  type ContractView as WorkflowView,
  type PayoutState,
} from "@skillpod/contract-messages";
import type pg from "pg";
import type { ContractParty } from "./contract-access.js";

export type Money = { amountMinor: number; currency: string };

export type MilestoneView = {
  id: string;
  position: number;
  title: string;
  amount: Money;
  dueAt: string | null;
  state: string;
  funded: boolean;
  submissions: number;
  submittedAt: string | null;
  autoApproveAt: string | null;
  payout: {
    state: PayoutState;
    net: Money | null;
    paidAt: string | null;
    providerPayoutId: string | null;
    failureCode: string | null;
  };
  workspace: { name: string; state: string; expiresAt: string | null } | null;
};

export type ContractView = {
  id: string;
  title: string;
  state: string;
  yourPart: ContractParty;
  clientId: string;
  freelancerId: string;
  currency: string;
  billing: string;
  hourlyRate: Money | null;
  weeklyLimitMinutes: number | null;
  platformFeeBps: number;
  offerId: string | null;
  jobId: string | null;
  total: Money;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  milestones: MilestoneView[];
};

type RawMilestone = {
  id: string;
  position: number;
  title: string;
  amount_minor: number;
  due_at: string | null;
  state: string;
  submitted_at: string | null;
  last_submitted_at: string | null;
  submissions: number;
  payout_state: string | null;
  net_minor: number | null;
  paid_at: string | null;
  provider_payout_id: string | null;
  failure_code: string | null;
  workspace_name: string | null;
  workspace_state: string | null;
  workspace_expires_at: string | null;
};

export type RawContract = {
  id: string;
  title: string;
  state: string;
  client_id: string;
  freelancer_id: string;
  currency: string;
  billing: string;
  hourly_rate_minor: string | null;
  weekly_limit_minutes: number | null;
  platform_fee_bps: number;
  offer_id: string | null;
  job_id: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  disputed: boolean;
  milestones: RawMilestone[];
};

// Timestamps inside json_build_object are ISO 8601 text already; amounts are bigint cast to float8, exact
// below 2^53 (amounts are capped far below that).
const viewSql = `
SELECT c.id, c.title, c.state, c.client_id, c.freelancer_id, c.currency, c.billing::text AS billing,
       c.hourly_rate_minor::text, c.weekly_limit_minutes, c.platform_fee_bps, c.offer_id::text, c.job_id::text,
       c.created_at, c.updated_at, c.completed_at,
       (EXISTS (SELECT 1 FROM milestones d WHERE d.contract_id = c.id AND d.state = 'disputed')
        OR EXISTS (SELECT 1 FROM contract_events e WHERE e.contract_id = c.id AND e.kind = 'dispute_opened')) AS disputed,
       COALESCE((
         SELECT json_agg(json_build_object(
           'id', m.id, 'position', m.position, 'title', m.title, 'amount_minor', m.amount_minor::float8,
           'due_at', m.due_at, 'state', m.state, 'submitted_at', m.submitted_at,
           'last_submitted_at', ev.last_submitted_at, 'submissions', COALESCE(ev.submissions, 0),
           'payout_state', p.state, 'net_minor', p.net_minor::float8, 'paid_at', p.paid_at,
           'provider_payout_id', p.provider_payout_id, 'failure_code', p.failure_code,
           'workspace_name', w.name, 'workspace_state', w.state, 'workspace_expires_at', w.expires_at
         ) ORDER BY m.position)
         FROM milestones m
         LEFT JOIN payouts p ON p.milestone_id = m.id
         LEFT JOIN workspaces w ON w.milestone_id = m.id
         LEFT JOIN LATERAL (
           SELECT max(e.created_at) AS last_submitted_at, count(*)::int AS submissions
           FROM contract_events e WHERE e.contract_id = m.contract_id AND e.milestone_id = m.id AND e.kind = 'submitted'
         ) ev ON true
         WHERE m.contract_id = c.id
       ), '[]'::json) AS milestones
FROM contracts c WHERE c.id = $1`;

export async function readContract(db: pg.Pool, contractId: string): Promise<RawContract | undefined> {
  const found = await db.query<RawContract>(viewSql, [contractId]);
  return found.rows[0];
}

const iso = (value: string | Date | null): string | null =>
  value === null ? null : new Date(value).toISOString();

const disputedNow = (raw: RawContract): boolean => raw.milestones.some((m) => m.state === "disputed");

/** The payout's state as the workflow would report it: a released payout waits while a dispute is open. */
function payoutStateOf(m: RawMilestone, disputed: boolean): PayoutState {
  if (m.payout_state === "PAID") return "paid";
  if (m.payout_state === "COMPENSATED" || m.payout_state === "HELD") return "failed";
  if (m.payout_state === null && m.state !== "approved") return "none";
  return disputed ? "paused" : "running";
}

function autoApproveAt(m: RawMilestone): string | null {
  const submitted = m.last_submitted_at ?? m.submitted_at;
  if (m.state !== "submitted" || submitted === null) return null;
  return new Date(Date.parse(submitted) + contractDefaults.autoApproveAfterSeconds * 1000).toISOString();
}

function milestoneOf(m: RawMilestone, currency: string, disputed: boolean): MilestoneView {
  return {
    id: m.id,
    position: m.position,
    title: m.title,
    amount: { amountMinor: Number(m.amount_minor), currency },
    dueAt: iso(m.due_at),
    state: m.state,
    funded: m.state !== "pending" && m.state !== "cancelled",
    submissions: m.submissions,
    submittedAt: iso(m.last_submitted_at ?? m.submitted_at),
    autoApproveAt: autoApproveAt(m),
    payout: {
      state: payoutStateOf(m, disputed),
      net: m.net_minor === null ? null : { amountMinor: Number(m.net_minor), currency },
      paidAt: iso(m.paid_at),
      providerPayoutId: m.provider_payout_id,
      failureCode: m.failure_code,
    },
    workspace:
      m.workspace_name === null
        ? null
        : {
            name: m.workspace_name,
            state: m.workspace_state ?? "",
            expiresAt: iso(m.workspace_expires_at),
          },
  };
}

/** What the workflow just said wins over rows its activities may not have written yet. */
function overlay(view: MilestoneView, live: WorkflowView | undefined): MilestoneView {
  const m = live?.milestones.find((x) => x.id === view.id);
  if (m === undefined) return view;
  const payoutState = view.payout.state === "paid" ? "paid" : m.payout.state;
  return { ...view, state: m.state, payout: { ...view.payout, state: payoutState } };
}

export function contractView(raw: RawContract, yourPart: ContractParty, live?: WorkflowView): ContractView {
  const disputed = disputedNow(raw);
  const milestones = raw.milestones.map((m) => overlay(milestoneOf(m, raw.currency, disputed), live));
  const total = raw.milestones.reduce((sum, m) => sum + Number(m.amount_minor), 0);
  return {
    id: raw.id,
    title: raw.title,
    state: live?.phase ?? raw.state,
    yourPart,
    clientId: raw.client_id,
    freelancerId: raw.freelancer_id,
    currency: raw.currency,
    billing: raw.billing,
    hourlyRate:
      raw.hourly_rate_minor === null
        ? null
        : { amountMinor: Number(raw.hourly_rate_minor), currency: raw.currency },
    weeklyLimitMinutes: raw.weekly_limit_minutes,
    platformFeeBps: raw.platform_fee_bps,
    offerId: raw.offer_id,
    jobId: raw.job_id,
    total: { amountMinor: total, currency: raw.currency },
    createdAt: raw.created_at.toISOString(),
    updatedAt: raw.updated_at.toISOString(),
    completedAt: iso(raw.completed_at),
    milestones,
  };
}
