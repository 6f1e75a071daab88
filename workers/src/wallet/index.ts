import { createDepositActivities, type WalletActivityDeps } from "./deposit-activities.js";
import type { WalletActivities } from "./wallet-activity-types.js";
import { createWithdrawalActivities } from "./withdrawal-activities.js";

export type { WalletActivityDeps } from "./deposit-activities.js";
export type { ChargeOutcome, SentWithdrawal, WalletActivities } from "./wallet-activity-types.js";
export { reverseWithdrawal, withdrawal } from "./wallet-postings.js";

/** The deposit and withdrawal workflows' activities (task queue "payments"). */
export function createWalletActivities(deps: WalletActivityDeps): WalletActivities {
  return { ...createDepositActivities(deps), ...createWithdrawalActivities(deps) };
}
