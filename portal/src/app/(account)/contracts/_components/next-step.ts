import { formatDateTime } from "../../../../lib/dates";

type Facts = {
  contract: { state: string; yourPart: string };
  milestone: { state: string; autoApproveAt: string | null; payout: { state: string } };
};

type Words = { client: string; freelancer: string; admin?: string };

// What happens next to a milestone, said to each part (the admin reads the client's words unless it has its own).
const stepWords: Record<string, Words> = {
  pending: {
    client: "Fund this milestone to start the work.",
    freelancer: "Waiting for the client to fund it.",
  },
  funded: {
    client: "Funded. The freelancer's workspace is being prepared.",
    freelancer: "Funded: your workspace is being prepared. Submit the work when it is ready.",
  },
  in_progress: {
    client: "The freelancer is working on it.",
    freelancer: "Submit the work when it is ready.",
  },
  changes_requested: {
    client: "Waiting for the freelancer to submit again.",
    freelancer: "The client asked for changes: submit the work again when they are done.",
  },
  disputed: {
    client: "An admin is reviewing the dispute. Payouts are paused and the workspace is frozen.",
    freelancer: "An admin is reviewing the dispute. Payouts are paused and the workspace is frozen.",
    admin: "Resolve the dispute: pay the freelancer or refund the client.",
  },
  refunded: { client: "Refunded to your wallet.", freelancer: "Refunded to the client." },
  cancelled: { client: "Cancelled before it was funded.", freelancer: "Cancelled before it was funded." },
};

const payoutWords: Record<string, string> = {
  none: "Approved.",
  running: "Approved: the payout is on its way.",
  paused: "Approved: the payout waits until the dispute is resolved.",
  paid: "Approved and paid out.",
  failed: "Approved, but the payout failed. Support has been told.",
};

function submittedStep(facts: Facts): string {
  const auto = facts.milestone.autoApproveAt
    ? ` It is approved by itself on ${formatDateTime(facts.milestone.autoApproveAt)}.`
    : "";
  if (facts.contract.yourPart === "client") return `Review the work: approve it or request changes.${auto}`;
  return `Waiting for the client's review.${auto}`;
}

function partWords(words: Words | undefined, part: string): string {
  if (!words) return "";
  if (part === "admin") return words.admin ?? words.client;
  return part === "freelancer" ? words.freelancer : words.client;
}

/** One sentence: where the milestone stands and what the viewer can do about it. */
export function nextStepOf(facts: Facts): string {
  const { contract, milestone } = facts;
  if (contract.state === "offer") return "The contract starts when the freelancer accepts the offer.";
  if (milestone.state === "approved") return payoutWords[milestone.payout.state] ?? "Approved.";
  // Work left unfinished on an ended contract has nothing next; money already settled still says where it went.
  if (contract.state !== "active" && milestone.state !== "refunded") return "";
  if (milestone.state === "submitted") return submittedStep(facts);
  return partWords(stepWords[milestone.state], contract.yourPart);
}
