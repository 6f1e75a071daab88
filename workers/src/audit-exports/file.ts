import { createHash } from "node:crypto";
import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";

const FLUSH_BYTES = 64 * 1024;

export type WrittenFile = { sha256: string; bytes: number };

/** Writes the chunks in 64 KiB batches (one syscall per line would dominate) and hashes exactly those bytes. */
async function writeChunks(file: FileHandle, chunks: AsyncIterable<string>): Promise<WrittenFile> {
  const hash = createHash("sha256");
  let bytes = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = async (): Promise<void> => {
    const buffer = Buffer.from(pending.join(""), "utf8");
    pending = [];
    pendingLength = 0;
    hash.update(buffer);
    bytes += buffer.length;
    await file.write(buffer);
  };
  for await (const chunk of chunks) {
    pending.push(chunk);
    pendingLength += chunk.length;
    if (pendingLength >= FLUSH_BYTES) await flush();
  }
  await flush();
  return { sha256: hash.digest("hex"), bytes };
}

/** fsync on the directory makes the rename itself durable, not only the file's contents. */
async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/**
 * Writes chunks to `<path>.tmp` (truncating whatever an earlier attempt left), fsyncs it and renames it over
 * `path`, so readers only ever see a complete file. Returns the sha256 of exactly the bytes written.
 */
export async function writeFileAtomically(path: string, chunks: AsyncIterable<string>): Promise<WrittenFile> {
  const temporary = `${path}.tmp`;
  // Owner-only: an audit export is as sensitive as the trail it copies.
  const file = await open(temporary, "w", 0o600);
  let written: WrittenFile;
  try {
    written = await writeChunks(file, chunks);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await rename(temporary, path);
  await syncDirectory(dirname(path));
  return written;
}
