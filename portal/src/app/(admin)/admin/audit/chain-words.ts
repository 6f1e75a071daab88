// The audit chain's verification (GET /v1/audit/verify) in words: verified up to which event, or where it
// breaks and what that means.
import type { Tone } from "../../../../components/ui";
import { formatDateTime } from "../../../../lib/dates";

export type ChainCheck = {
  valid: boolean;
  checked: number;
  lastHash?: string;
  checkpoints?: number;
  firstBrokenId?: string | null;
  checkpointId?: string;
  reason?: string;
};

export type NewestEvent = { id: string; occurredAt: string };

export type ChainStatus = { tone: Tone; title: string; detail: string; brokenEventId?: string };

const reasons: Record<string, string> = {
  prev_hash_mismatch:
    "its link to the event before it does not hold: an event before it was removed, added or reordered",
  hash_mismatch: "its content no longer matches its hash: the event was changed after it was written",
  checkpoint_unknown_key: "it was signed with a key this API does not know",
  checkpoint_signature_invalid: "its signature does not verify: the checkpoint was changed",
  checkpoint_out_of_order: "it does not come after the checkpoint before it",
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function verified(check: ChainCheck, newest: NewestEvent | undefined): ChainStatus {
  const signed = plural(check.checkpoints ?? 0, "signed checkpoint");
  const detail = `${plural(check.checked, "event")} checked since the last checkpoint; ${signed} verified.`;
  if (!newest) return { tone: "ok", title: "Chain verified: the trail has no events yet.", detail };
  return {
    tone: "ok",
    title: `Chain verified up to event #${newest.id} (${formatDateTime(newest.occurredAt)}).`,
    detail,
  };
}

/** The check in words. `newest` is the newest event read just before the check, which the check covered. */
export function chainStatusOf(check: ChainCheck, newest: NewestEvent | undefined): ChainStatus {
  if (check.valid) return verified(check, newest);
  const why = reasons[check.reason ?? ""] ?? `the check failed (${check.reason ?? "no reason given"})`;
  if (check.firstBrokenId)
    return {
      tone: "danger",
      title: `Chain broken at event #${check.firstBrokenId}.`,
      detail: `The first broken event: ${why}. Events before it verified (${plural(check.checked, "event")}).`,
      brokenEventId: check.firstBrokenId,
    };
  return {
    tone: "danger",
    title: `Chain broken at checkpoint #${check.checkpointId ?? "?"}.`,
    detail: `The checkpoint does not verify: ${why}.`,
  };
}
