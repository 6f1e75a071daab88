// Contract terms and parties for tests and the benchmark: fresh ids every time.
import type { Actor, ContractTerms } from "@skillpod/contract-messages";
import { randomUUID } from "node:crypto";

export function newTerms(overrides: Partial<ContractTerms> = {}): ContractTerms {
  const id = randomUUID().slice(0, 12);
  return {
    contractId: `c-${id}`,
    clientId: `client-${id}`,
    freelancerId: `free-${id}`,
    title: `Website redesign ${id}`,
    currency: "EUR",
    platformFeeBps: 1000,
    billing: "FIXED",
    milestones: [
      { id: `m1-${id}`, title: "Wireframes", amountMinor: 10_000 },
      { id: `m2-${id}`, title: "Build", amountMinor: 5_005 },
    ],
    ...overrides,
  };
}

export const clientOf = (terms: ContractTerms): Actor => ({ userId: terms.clientId, role: "client" });
export const freelancerOf = (terms: ContractTerms): Actor => ({
  userId: terms.freelancerId,
  role: "freelancer",
});
export const admin: Actor = { userId: "admin-1", role: "admin" };

export const milestone = (terms: ContractTerms, index: number): string => terms.milestones[index]?.id ?? "";
