// Typed failure codes: the `type` of the ApplicationFailure a rejected update or failed activity carries.
// The control plane maps them to problem+json (409 for state, 403 for party, 402 for funds).

export const contractErrorCodes = {
  notFound: "SKP_CONTRACT_NOT_FOUND",
  wrongParty: "SKP_CONTRACT_WRONG_PARTY",
  invalidState: "SKP_CONTRACT_INVALID_STATE",
  unknownMilestone: "SKP_CONTRACT_UNKNOWN_MILESTONE",
  invalidTerms: "SKP_CONTRACT_INVALID_TERMS",
  insufficientFunds: "SKP_INSUFFICIENT_FUNDS",
  payoutDeclined: "SKP_PAYOUT_DECLINED",
  payoutProviderUnavailable: "SKP_PAYOUT_PROVIDER_UNAVAILABLE",
  ledgerInvariant: "SKP_LEDGER_INVARIANT",
  workspaceInvalid: "SKP_WORKSPACE_INVALID",
} as const;

export type ContractErrorCode = (typeof contractErrorCodes)[keyof typeof contractErrorCodes];
