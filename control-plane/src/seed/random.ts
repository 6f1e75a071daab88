// A seeded pseudo-random source, so a seed run makes the same marketplace every time (and a second run can
// recognise every row it would make by its key).
import { createHash } from "node:crypto";

/** mulberry32: small, fast and good enough to pick words and budgets; never for anything secret. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** `count` distinct items (all of them when there are fewer), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const taken: T[] = [];
    while (taken.length < count && pool.length > 0) {
      taken.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0] as T);
    }
    return taken;
  }

  /** One of the entries, with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let left = this.next() * total;
    for (const [value, weight] of entries) {
      left -= weight;
      if (left < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new Error("weighted pick from an empty list");
    return last[0];
  }

  /** Log-uniform in [min, max]: as many $200 jobs as $2,000 ones as $20,000 ones, like real budgets. */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }
}

/** Zipf-like popularity over n ranked items: rank 0 is the most popular, weight 1/(rank+1)^exponent. */
export class Zipf {
  private readonly cumulative: number[] = [];

  constructor(size: number, exponent: number) {
    let total = 0;
    for (let rank = 0; rank < size; rank += 1) {
      total += 1 / (rank + 1) ** exponent;
      this.cumulative.push(total);
    }
  }

  /** A rank in [0, size). */
  sample(random: Random): number {
    const target = random.next() * (this.cumulative[this.cumulative.length - 1] ?? 0);
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** A UUID that a key always maps to: a re-run finds the rows it made before and inserts nothing twice. */
export function seededUuid(key: string): string {
  const hex = createHash("sha256").update(`skillpod-seed:${key}`).digest("hex");
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Replaces each {slot} of a template (an unknown slot is a bug in the templates, so it throws), then
 * mends the article before a vowel the slot brought: "a e-commerce client" → "an e-commerce client".
 */
export function fill(template: string, slots: Record<string, string>): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`template slot {${name}} has no value: ${template}`);
    return value;
  });
  return filled.replace(/\b([Aa]) (?=[aeioAEIO])/g, "$1n ");
}
