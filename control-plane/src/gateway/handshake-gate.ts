// At most a few RFB handshakes in flight toward any one desktop. TigerVNC counts every connection from an
// address as an attempt until it authenticates, and past BlacklistThreshold (5 by default) it refuses that
// address ("Too many security failures") for a while. Every session reaches a desktop from the gateway's one
// address, so twenty viewers joining at once would lock everyone out, the owner included; queued here, each
// handshake takes milliseconds and the rest follow.
type Slots = { active: number; waiting: (() => void)[] };

export class HandshakeGate {
  readonly #limit: number;
  readonly #byTarget = new Map<string, Slots>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Runs `handshake` once fewer than the limit run toward `target` (host:port). */
  async run<T>(target: string, handshake: () => Promise<T>): Promise<T> {
    await this.#acquire(target);
    try {
      return await handshake();
    } finally {
      this.#release(target);
    }
  }

  async #acquire(target: string): Promise<void> {
    let slots = this.#byTarget.get(target);
    if (!slots) {
      slots = { active: 0, waiting: [] };
      this.#byTarget.set(target, slots);
    }
    if (slots.active < this.#limit) {
      slots.active += 1;
      return;
    }
    // The releasing handshake hands its slot over: active stays the same.
    await new Promise<void>((resolve) => slots.waiting.push(resolve));
  }

  #release(target: string): void {
    const slots = this.#byTarget.get(target);
    if (!slots) return;
    const next = slots.waiting.shift();
    if (next) return next();
    slots.active -= 1;
    if (slots.active === 0) this.#byTarget.delete(target);
  }
}
