// Stream ids ("<ms>-<seq>") are the live channel's cursors: compared as two integers, never as text
// ("9-0" < "10-0").

const pattern = /^(\d{1,20})-(\d{1,20})$/;

export const isLiveEventId = (id: string): boolean => pattern.test(id);

function partsOf(id: string): [bigint, bigint] {
  const match = pattern.exec(id);
  if (!match) throw new Error(`Not a live event id: ${id}`);
  return [BigInt(match[1] ?? "0"), BigInt(match[2] ?? "0")];
}

/** Negative when `a` comes before `b`, zero when they are the same, positive after. */
export function compareLiveEventIds(a: string, b: string): number {
  const [aMs, aSeq] = partsOf(a);
  const [bMs, bSeq] = partsOf(b);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq === bSeq) return 0;
  return aSeq < bSeq ? -1 : 1;
}
