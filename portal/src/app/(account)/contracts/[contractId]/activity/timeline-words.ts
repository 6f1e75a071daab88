import { formatMoney, type Money } from "../../../../../lib/money";

export type TimelineFacts = {
  type: string;
  milestoneId: string | null;
  details: Record<string, unknown>;
  amount: Money | null;
};

type Context = { milestoneTitle: (id: string | null) => string };

const moves: Record<string, (m: string) => string> = {
  "contract.funded": (m) => `funded ${m}`,
  "contract.submitted": (m) => `submitted work for ${m}`,
  "contract.approved": (m) => `approved ${m}`,
  "contract.changes_requested": (m) => `requested changes to ${m}`,
  "contract.dispute_opened": (m) => `opened a dispute on ${m}`,
  "contract.dispute_resolved": (m) => `resolved the dispute on ${m}`,
  "contract.cancelled": () => "cancelled the contract",
};

const money: Record<string, (amount: string, m: string) => string> = {
  "money.funded": (a, m) => `${a} moved from the client's wallet into escrow for ${m}`,
  "money.released": (a, m) => `${a} released from escrow for ${m}`,
  "money.refunded": (a, m) => `${a} refunded from escrow to the client's wallet (${m})`,
  "money.paid": (a, m) => `${a} paid out to the freelancer for ${m}`,
  "money.reversed": (a, m) => `${a} of a payout for ${m} went back into escrow`,
  "payout.paid": (a, m) => `Payout of ${a} for ${m} arrived`,
  "payout.failed": (a, m) => `Payout of ${a} for ${m} failed`,
};

/** What happened, in words: "<actor> <this>" for a move, a whole sentence for money and workspaces. */
export function timelineWords(item: TimelineFacts, context: Context): { actorMove: boolean; text: string } {
  const m = context.milestoneTitle(item.milestoneId);
  const move = moves[item.type];
  if (move) return { actorMove: true, text: move(m) };
  const sentence = money[item.type];
  if (sentence) return { actorMove: false, text: sentence(formatMoney(item.amount), m) };
  if (item.type === "message.created") return { actorMove: true, text: "wrote" };
  if (item.type === "workspace.ready") return { actorMove: false, text: `The workspace for ${m} is ready` };
  if (item.type.startsWith("workspace.")) {
    const state = typeof item.details.state === "string" ? item.details.state : item.type.slice(10);
    return { actorMove: false, text: `The workspace for ${m} is ${state.toLowerCase()}` };
  }
  return { actorMove: false, text: item.type.replaceAll(/[._]/g, " ") };
}
