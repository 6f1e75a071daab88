// Audit retention, run by an operator with the table owner's credentials:
//   DATABASE_URL=postgresql://owner@… AUDIT_SIGNING_KEY="$(cat audit-signing.pem)" \
//     npx tsx control-plane/src/audit/retention-cli.ts --before 2026-01-01 --archive ./audit-2025.ndjson
// Events older than --before (a prefix of the chain) are written to the archive file, replaced by a signed
// checkpoint and deleted, all in one transaction. The archive file must not exist yet: it is never
// overwritten.
import { createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { loadRetentionConfig } from "../config.js";
import { archiveAuditEvents, type ArchiveResult } from "./retention.js";
import { createAuditSigner } from "./signing.js";

const usage = "usage: retention-cli --before <ISO date or instant> --archive <new file.ndjson>";

type Arguments = { before: Date; archive: string };

function argumentsOf(argv: string[]): Arguments | undefined {
  const { values } = parseArgs({
    args: argv,
    options: { before: { type: "string" }, archive: { type: "string" } },
    strict: true,
  });
  const before = values.before === undefined ? undefined : new Date(values.before);
  if (!before || Number.isNaN(before.getTime()) || !values.archive) return undefined;
  return { before, archive: values.archive };
}

function summary(result: ArchiveResult, path: string): string {
  const checkpoint = result.checkpoint;
  if (!checkpoint) return `nothing to archive: no events before the cutoff (empty archive at ${path})`;
  return (
    `archived ${result.archivedCount} events (up to #${checkpoint.upToEventId}) to ${path}; ` +
    `checkpoint #${checkpoint.id} lastHash ${checkpoint.lastHash} key ${checkpoint.keyId}`
  );
}

/** fsync through a second descriptor: it flushes the file, and the stream has already closed its own. */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function run(args: Arguments): Promise<string> {
  const config = loadRetentionConfig();
  const signer = createAuditSigner(config.AUDIT_SIGNING_KEY);
  // "wx": an existing archive is never overwritten; opened before the database is touched, so it fails first.
  const archive = createWriteStream(args.archive, { flags: "wx", mode: 0o600, encoding: "utf8" });
  await once(archive, "open");
  const result = await archiveAuditEvents({
    before: args.before,
    ownerDatabaseUrl: config.DATABASE_URL,
    signer,
    archive,
    beforeCommit: () => syncFile(args.archive),
    onProgress: (archived) => process.stderr.write(`archived ${archived} events so far\n`),
  });
  return summary(result, args.archive);
}

const args = (() => {
  try {
    return argumentsOf(process.argv.slice(2));
  } catch {
    return undefined;
  }
})();
if (!args) {
  process.stderr.write(`${usage}\n`);
  process.exitCode = 2;
} else {
  try {
    process.stdout.write(`${await run(args)}\n`);
  } catch (error) {
    // The transaction rolled back: the database is as it was; the archive file may hold a partial copy.
    process.stderr.write(`retention failed, nothing was deleted: ${String(error)}\n`);
    process.exitCode = 1;
  }
}
