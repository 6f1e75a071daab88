// The activities PayoutWorkflow calls (task queue "payments"). Types only, safe for workflow code.
import type { PayoutInput } from "@skillpod/contract-messages";

export type ReleasedPayout = { feeMinor: number; netMinor: number };

export type SentPayout = { provider: string; providerPayoutId: string };

export type PayoutActivities = {
  /** Escrow → freelancer payable + platform fee, and the payouts row, in one database transaction. */
  releaseEscrowForPayout(input: PayoutInput, workflowId: string): Promise<ReleasedPayout>;
  /** The external transfer, keyed by workflow id + activity id; then payable → EXTERNAL and the row PAID. */
  sendPayout(input: PayoutInput, released: ReleasedPayout): Promise<SentPayout>;
  /** Saga compensation: the release reversed, the row FAILED with the reason. */
  compensatePayout(input: PayoutInput, workflowId: string, failureCode: string): Promise<void>;
  /**
   * The provider stayed unreachable through every retry, so whether it paid is unknown: reversing the
   * release could pay twice. The money stays in the freelancer's payable and the row is HELD for review.
   */
  holdPayout(input: PayoutInput, failureCode: string): Promise<void>;
};
