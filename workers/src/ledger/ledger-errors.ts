// Ledger failures the callers act on. The database enforces the invariants; these name what it refused.

/** An escrow, wallet, payable or fee account would have gone below zero. */
export class InsufficientFundsError extends Error {
  readonly code = "SKP_INSUFFICIENT_FUNDS";
  constructor(message: string) {
    super(message);
    this.name = "InsufficientFundsError";
  }
}

/** The request itself is wrong (unbalanced legs, unsafe amounts) or reuses a key for different money. */
export class LedgerInvariantError extends Error {
  readonly code = "SKP_LEDGER_INVARIANT";
  constructor(message: string) {
    super(message);
    this.name = "LedgerInvariantError";
  }
}
