// Contracts over HTTP and everything around them: offers, contracts, wallet, conversations, notifications,
// the live channel and the contracts' workspaces. One file per capability.
import { contractsMatrix } from "./contracts.js";
import { conversationsMatrix } from "./conversations.js";
import { liveMatrix } from "./live.js";
import type { Entry } from "./matrix-types.js";
import { notificationsMatrix } from "./notifications.js";
import { offersMatrix } from "./offers.js";
import { walletMatrix } from "./wallet.js";
import { workspacesMatrix } from "./workspaces.js";

export const moneyMatrix: Record<string, Entry> = {
  ...offersMatrix,
  ...contractsMatrix,
  ...walletMatrix,
  ...conversationsMatrix,
  ...notificationsMatrix,
  ...liveMatrix,
  ...workspacesMatrix,
};
