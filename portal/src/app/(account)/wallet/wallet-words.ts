// The ledger's transaction kinds as the wallet shows them, from the account holder's side.
const kindWords: Record<string, string> = {
  DEPOSIT: "Deposit",
  FUND_ESCROW: "Milestone funded (into escrow)",
  REFUND_ESCROW: "Escrow refunded",
  RELEASE_ESCROW: "Milestone approved (earned)",
  REVERSE_RELEASE: "Payout reversed into escrow",
  PAYOUT: "Paid out",
  WITHDRAWAL: "Withdrawal",
  REVERSE_WITHDRAWAL: "Withdrawal returned",
};

export function kindOf(kind: string): string {
  return kindWords[kind] ?? kind.toLowerCase().replaceAll("_", " ");
}

/** How many decimals a currency's amounts have (2 for EUR, 0 for JPY): what minor units mean. */
export function fractionDigitsOf(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** Currencies a deposit can be made in: those already held first, then the usual ones. */
export function depositCurrencies(held: string[]): string[] {
  return [...new Set([...held, "EUR", "USD", "GBP"])];
}
