import type { Problem } from "../../../../api/problem";

// The workflow's refusals name milestone ids and state names (written for developers); these say what
// happened and what to do instead. Any other problem keeps the words problemOf gave it.
const moveWording: Record<string, string> = {
  SKP_CONTRACT_INVALID_STATE:
    "This has already moved on since the page was loaded, so that is not possible now. The page shows where it stands.",
  SKP_INSUFFICIENT_FUNDS:
    "Your wallet does not hold enough to fund this milestone. Deposit money in your wallet, then fund it.",
  SKP_CONTRACT_WRONG_PARTY: "Your part in this contract may not do this.",
  SKP_CONTRACT_UNKNOWN_MILESTONE: "This contract has no such milestone.",
  SKP_REQUEST_IN_PROGRESS: "This is already under way. The page updates when it is done.",
  SKP_CONTRACTS_UNAVAILABLE: "Contracts are unavailable right now. Try again in a minute.",
  SKP_PAYOUT_DECLINED: "The payment provider declined the payout. Try again later or contact support.",
  SKP_PAYOUT_PROVIDER_UNAVAILABLE: "The payment provider is unavailable right now. Try again in a minute.",
  SKP_WORKSPACE_INVALID: "The workspace for this milestone could not be set up. Contact support.",
  SKP_IDEMPOTENCY_KEY_REUSED: "The page was out of date. Reload it and try again.",
};

export function moveProblem(problem: Problem): Problem {
  const message = moveWording[problem.code];
  return message ? { ...problem, message } : problem;
}

/** Links typed one per line; each must be an https address (the API refuses anything else). */
export function linksOf(text: string): { links: string[]; bad?: string } {
  const links = text
    .split(/\s+/)
    .map((l) => l.trim())
    .filter(Boolean);
  const bad = links.find((l) => !/^https:\/\/\S{1,2040}$/.test(l));
  return bad === undefined ? { links } : { links, bad };
}

export function fieldProblem(field: string, message: string): Problem {
  return {
    status: 400,
    code: "SKP_VALIDATION_FAILED",
    message: "Some fields need another look.",
    fields: [{ field, message }],
  };
}
