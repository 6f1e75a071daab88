export { walletBalances, safeMinor, type WalletBalance } from "./balances.js";
export {
  claimMoneyRequest,
  moneyRequestForKey,
  ownMoneyRequest,
  type Money,
  type MoneyRequest,
  type MoneyRequestInput,
  type MoneyRequestKind,
  type MoneyRequestState,
} from "./money-requests.js";
export {
  csvCell,
  walletTransactions,
  walletTransactionsCsv,
  type WalletTransaction,
} from "./transactions.js";
export { defaultWaitMs, runMoneyRequest, waitFromPrefer } from "./wallet-workflows.js";
export { depositMoney, withdrawMoney, type MoneyOutcome, type WalletDeps } from "./wallet-requests.js";
