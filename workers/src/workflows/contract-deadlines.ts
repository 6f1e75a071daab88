// The contract's timers as data: auto-approval after client silence and reminders before due dates. The
// workflow sleeps until the earliest one, so a continue-as-new carries them over without losing any.
import type { ContractTerms, ContractView, MilestoneView } from "@skillpod/contract-messages";
import { contractDefaults } from "@skillpod/contract-messages";
import { workingStates } from "./contract-rules.js";

export type Deadline = { at: number; milestoneId: string; kind: "auto-approve" | "reminder" };

function autoApproveAt(terms: ContractTerms, m: MilestoneView): number | undefined {
  if (m.state !== "submitted" || m.submittedAt === undefined) return undefined;
  const after = terms.autoApproveAfterSeconds ?? contractDefaults.autoApproveAfterSeconds;
  return Date.parse(m.submittedAt) + after * 1000;
}

function reminderAt(terms: ContractTerms, m: MilestoneView): number | undefined {
  if (m.dueAt === undefined || m.remindedAt !== undefined || !workingStates.includes(m.state))
    return undefined;
  const before = terms.reminderBeforeSeconds ?? contractDefaults.reminderBeforeSeconds;
  return Date.parse(m.dueAt) - before * 1000;
}

/** Every pending deadline, earliest first. */
export function deadlines(terms: ContractTerms, view: ContractView): Deadline[] {
  const found: Deadline[] = [];
  for (const m of view.milestones) {
    const approve = autoApproveAt(terms, m);
    if (approve !== undefined) found.push({ at: approve, milestoneId: m.id, kind: "auto-approve" });
    const remind = reminderAt(terms, m);
    if (remind !== undefined) found.push({ at: remind, milestoneId: m.id, kind: "reminder" });
  }
  return found.sort((a, b) => a.at - b.at);
}
