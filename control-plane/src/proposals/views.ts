import type { Prisma } from "../database.js";
import type { JobState, ProposalState } from "../generated/prisma/enums.js";
import type { Money } from "./rules.js";

/** The rows a proposal's view is made of, in one Prisma read. */
export const proposalInclude = {
  milestones: { orderBy: { position: "asc" } },
  job: { select: { id: true, title: true, state: true, clientId: true } },
  freelancer: {
    select: { id: true, displayName: true, freelancerProfile: { select: { handle: true, headline: true } } },
  },
} as const satisfies Prisma.ProposalInclude;

export type ProposalRow = Prisma.ProposalGetPayload<{ include: typeof proposalInclude }>;

export type ProposalView = {
  id: string;
  job: { id: string; title: string; state: JobState };
  freelancer: { userId: string; displayName: string; handle: string | null; headline: string };
  state: ProposalState;
  coverLetter: string;
  bid: Money;
  milestones: { position: number; title: string; amount: Money; dueAt: string | null }[];
  /** Set when the job's owner declined; the author sees it too. */
  declineReason: string | null;
  createdAt: string;
  updatedAt: string;
};

/** A proposal as its author and the job's owner see it (nobody else sees it at all). */
export function proposalView(row: ProposalRow): ProposalView {
  const profile = row.freelancer.freelancerProfile;
  return {
    id: row.id,
    job: { id: row.job.id, title: row.job.title, state: row.job.state },
    freelancer: {
      userId: row.freelancer.id,
      displayName: row.freelancer.displayName,
      handle: profile?.handle ?? null,
      headline: profile?.headline ?? "",
    },
    state: row.state,
    coverLetter: row.coverLetter,
    bid: { amountMinor: Number(row.bidMinor), currency: row.currency },
    milestones: row.milestones.map((m) => ({
      position: m.position,
      title: m.title,
      amount: { amountMinor: Number(m.amountMinor), currency: row.currency },
      dueAt: m.dueAt?.toISOString() ?? null,
    })),
    declineReason: row.declineReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
