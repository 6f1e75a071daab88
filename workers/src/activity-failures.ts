// Maps the workers' typed errors to Temporal failures in one place: definitive ones are non-retryable (the
// workflow compensates or rejects), transient ones keep the SKP_ code and let the retry policy work.
import { ApplicationFailure } from "@temporalio/common";

type Coded = Error & { code: string };

const definitive = new Set(["SKP_INSUFFICIENT_FUNDS", "SKP_LEDGER_INVARIANT", "SKP_PAYOUT_DECLINED"]);

function isCoded(error: unknown): error is Coded {
  return error instanceof Error && typeof (error as Partial<Coded>).code === "string";
}

/** Runs an activity body, translating typed errors to ApplicationFailures with their SKP_ code as type. */
export async function withTypedFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isCoded(error) || !error.code.startsWith("SKP_")) throw error;
    if (definitive.has(error.code)) throw ApplicationFailure.nonRetryable(error.message, error.code);
    throw ApplicationFailure.retryable(error.message, error.code);
  }
}
