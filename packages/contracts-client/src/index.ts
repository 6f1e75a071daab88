export { ContractRejectedError, ContractsClient, type ContractsClientOptions } from "./contracts-client.js";
export { WalletClient, type WalletClientOptions } from "./wallet-client.js";
