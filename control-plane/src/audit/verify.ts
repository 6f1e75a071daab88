import { GENESIS_HASH, chainHash } from "@skillpod/audit-format";
import { Prisma, type PrismaClient } from "../database.js";
import { rowOf, type AuditEventRow } from "./query.js";
import type { AuditSigner } from "./signing.js";

export type BrokenReason =
  | "prev_hash_mismatch"
  | "hash_mismatch"
  | "checkpoint_unknown_key"
  | "checkpoint_signature_invalid"
  | "checkpoint_out_of_order";

export type VerifyResult =
  | { valid: true; checked: number; lastHash: string; checkpoints: number }
  | {
      valid: false;
      /** The first event whose link is broken; null when the broken thing is a checkpoint. */
      firstBrokenId: string | null;
      checkpointId?: string;
      reason: BrokenReason;
      checked: number;
    };

type Transaction = Prisma.TransactionClient;
type Checkpoint = Awaited<ReturnType<Transaction["auditCheckpoint"]["findMany"]>>[number];
type Start = { afterId: bigint; prevHash: string };

export type VerifyOptions = { pageSize?: number; timeoutMs?: number };

/** The first link that does not hold for one event, given the hash of the event before it. */
export function brokenLink(
  row: AuditEventRow,
  expectedPrevHash: string,
): "prev_hash_mismatch" | "hash_mismatch" | undefined {
  if (row.prevHash !== expectedPrevHash) return "prev_hash_mismatch";
  if (chainHash(row.prevHash, row) !== row.hash) return "hash_mismatch";
  return undefined;
}

function checkpointProblem(
  checkpoint: Checkpoint,
  previous: Checkpoint | undefined,
  signer: AuditSigner,
): BrokenReason | undefined {
  if (previous && checkpoint.upToEventId <= previous.upToEventId) return "checkpoint_out_of_order";
  if (checkpoint.keyId !== signer.keyId) return "checkpoint_unknown_key";
  return signer.verify(checkpoint, checkpoint.signature) ? undefined : "checkpoint_signature_invalid";
}

/** Every checkpoint's signature; the archived events themselves are gone, their signed summary is not. */
function verifyCheckpoints(checkpoints: Checkpoint[], signer: AuditSigner): VerifyResult | undefined {
  for (const [index, checkpoint] of checkpoints.entries()) {
    const reason = checkpointProblem(checkpoint, checkpoints[index - 1], signer);
    if (reason)
      return {
        valid: false,
        firstBrokenId: null,
        checkpointId: checkpoint.id.toString(),
        reason,
        checked: 0,
      };
  }
  return undefined;
}

async function walkEvents(tx: Transaction, start: Start, pageSize: number): Promise<VerifyResult> {
  let { afterId, prevHash } = start;
  let checked = 0;
  for (;;) {
    const rows = await tx.auditEvent.findMany({
      where: { id: { gt: afterId } },
      orderBy: { id: "asc" },
      take: pageSize,
    });
    for (const row of rows) {
      const reason = brokenLink(rowOf(row), prevHash);
      if (reason) return { valid: false, firstBrokenId: row.id.toString(), reason, checked };
      checked += 1;
      prevHash = row.hash;
      afterId = row.id;
    }
    if (rows.length < pageSize) return { valid: true, checked, lastHash: prevHash, checkpoints: 0 };
  }
}

/**
 * Recomputes the chain from the latest checkpoint (or from the genesis hash) a page at a time, and checks
 * every checkpoint's signature. It reads one REPEATABLE READ snapshot, so a retention run or appends that
 * commit meanwhile cannot make a sound chain look broken.
 */
export async function verifyAuditChain(
  prisma: PrismaClient,
  signer: AuditSigner,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? 1000;
  return prisma.$transaction(
    async (tx) => {
      const checkpoints = await tx.auditCheckpoint.findMany({ orderBy: { id: "asc" } });
      const broken = verifyCheckpoints(checkpoints, signer);
      if (broken) return broken;
      const latest = checkpoints.at(-1);
      const start = latest
        ? { afterId: latest.upToEventId, prevHash: latest.lastHash }
        : { afterId: 0n, prevHash: GENESIS_HASH };
      const result = await walkEvents(tx, start, pageSize);
      return result.valid ? { ...result, checkpoints: checkpoints.length } : result;
    },
    {
      isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
      maxWait: 10_000,
      timeout: options.timeoutMs ?? 600_000,
    },
  );
}
