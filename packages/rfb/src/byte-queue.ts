/** Bytes received but not yet consumed, kept as the chunks they arrived in so that a large message fed in many
 * small frames is joined once, not once per frame. */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private total = 0;

  get length(): number {
    return this.total;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** The byte at offset, or undefined when not received yet. */
  byteAt(offset: number): number | undefined {
    let index = offset;
    for (const chunk of this.chunks) {
      if (index < chunk.length) return chunk[index];
      index -= chunk.length;
    }
    return undefined;
  }

  /** The first n bytes (n ≤ length) without consuming them. */
  peek(n: number): Buffer {
    this.coalesce(n);
    return (this.chunks[0] ?? Buffer.alloc(0)).subarray(0, n);
  }

  /** Removes and returns the first n bytes (n ≤ length). */
  take(n: number): Buffer {
    const out = this.peek(n);
    this.skip(n);
    return out;
  }

  /** Everything still queued, emptying the queue. */
  drain(): Buffer {
    return this.take(this.total);
  }

  private skip(n: number): void {
    let left = n;
    while (left > 0) {
      const head = this.chunks[0];
      if (head === undefined) break;
      if (head.length <= left) {
        this.chunks.shift();
        left -= head.length;
      } else {
        this.chunks[0] = head.subarray(left);
        left = 0;
      }
    }
    this.total -= n - left;
  }

  private coalesce(n: number): void {
    const head = this.chunks[0];
    if (head === undefined || head.length >= n) return;
    let count = 0;
    let size = 0;
    while (size < n && count < this.chunks.length) size += this.chunks[count++]?.length ?? 0;
    this.chunks.splice(0, count, Buffer.concat(this.chunks.slice(0, count), size));
  }
}
