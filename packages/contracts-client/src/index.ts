export { ContractRejectedError, ContractsClient, type ContractsClientOptions } from "./contracts-client.js";
