import { describe, expect, it } from "vitest";
import { ByteQueue } from "./byte-queue.js";

describe("ByteQueue", () => {
  it("reads bytes and takes spans across chunk boundaries", () => {
    const queue = new ByteQueue();
    queue.push(Buffer.from([1, 2]));
    queue.push(Buffer.alloc(0));
    queue.push(Buffer.from([3]));
    queue.push(Buffer.from([4, 5, 6]));
    expect(queue.length).toBe(6);
    expect([queue.byteAt(0), queue.byteAt(2), queue.byteAt(5), queue.byteAt(6)]).toEqual([
      1,
      3,
      6,
      undefined,
    ]);
    expect([...queue.peek(4)]).toEqual([1, 2, 3, 4]);
    expect(queue.length).toBe(6);
    expect([...queue.take(3)]).toEqual([1, 2, 3]);
    expect([...queue.take(2)]).toEqual([4, 5]);
    expect([...queue.drain()]).toEqual([6]);
    expect(queue.length).toBe(0);
    expect(queue.byteAt(0)).toBeUndefined();
  });
});
