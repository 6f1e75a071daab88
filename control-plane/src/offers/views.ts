import type { Prisma } from "../database.js";
import type { OfferState } from "../generated/prisma/enums.js";
import { storedWorkspaceTerms, type WorkspaceTerms } from "../jobs/index.js";
import type { Billing, Money, OfferMilestone } from "./terms.js";

export const offerInclude = {
  proposal: {
    select: {
      freelancer: { select: { displayName: true } },
      job: { select: { title: true, client: { select: { displayName: true } } } },
    },
  },
} satisfies Prisma.OfferInclude;

export type OfferRow = Prisma.OfferGetPayload<{ include: typeof offerInclude }>;

export type OfferView = {
  id: string;
  proposalId: string;
  job: { id: string; title: string };
  client: { userId: string; displayName: string };
  freelancer: { userId: string; displayName: string };
  title: string;
  billing: Billing;
  hourlyRate: Money | null;
  weeklyLimitMinutes: number | null;
  milestones: {
    id: string;
    position: number;
    title: string;
    amount: Money;
    dueAt: string | null;
    computeSeconds: number | null;
  }[];
  total: Money;
  workspaceTerms: WorkspaceTerms;
  message: string;
  state: OfferState;
  declineReason: string | null;
  expiresAt: string;
  /** Set once accepted: the contract the offer became. */
  contractId: string | null;
  createdAt: string;
  updatedAt: string;
};

/** A pending offer past its expiry is expired, whether or not a write has marked it yet. */
export function stateOf(row: { state: OfferState; expiresAt: Date }, now = new Date()): OfferState {
  return row.state === "PENDING" && row.expiresAt.getTime() <= now.getTime() ? "EXPIRED" : row.state;
}

/** An offer as its two parties see it (nobody else sees it at all). */
export function offerView(row: OfferRow): OfferView {
  const milestones = row.milestones as OfferMilestone[];
  const money = (amountMinor: number): Money => ({ amountMinor, currency: row.currency });
  return {
    id: row.id,
    proposalId: row.proposalId,
    job: { id: row.jobId, title: row.proposal.job.title },
    client: { userId: row.clientId, displayName: row.proposal.job.client.displayName },
    freelancer: { userId: row.freelancerId, displayName: row.proposal.freelancer.displayName },
    title: row.title,
    billing: row.billing,
    hourlyRate: row.hourlyRateMinor === null ? null : money(Number(row.hourlyRateMinor)),
    weeklyLimitMinutes: row.weeklyLimitMinutes,
    milestones: milestones.map((m, i) => ({
      id: m.id,
      position: i + 1,
      title: m.title,
      amount: money(m.amountMinor),
      dueAt: m.dueAt ?? null,
      computeSeconds: m.computeSeconds ?? null,
    })),
    total: money(milestones.reduce((sum, m) => sum + m.amountMinor, 0)),
    workspaceTerms: storedWorkspaceTerms(row.workspaceTerms),
    message: row.message,
    state: stateOf(row),
    declineReason: row.declineReason,
    expiresAt: row.expiresAt.toISOString(),
    contractId: row.contractId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
