// The desktop sessions open on this process, by SkillPod: what revocation walks, what /metrics counts and
// what a drain waits for.
import type { DesktopMode } from "../desktop-sessions/index.js";
import type { SessionClose } from "./close-codes.js";

/** What the registry needs of a session: who, on which SkillPod, and a way to end it. */
export type LiveSession = {
  readonly userId: string;
  readonly mode: DesktopMode;
  readonly namespace: string;
  readonly name: string;
  /** Ends the session with this close code and reason (idempotent: the first reason wins). */
  end(close: SessionClose): void;
};

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

export class SessionRegistry {
  readonly #bySkillPod = new Map<string, Set<LiveSession>>();
  #size = 0;
  #emptied: (() => void)[] = [];

  get size(): number {
    return this.#size;
  }

  add(session: LiveSession): void {
    const key = keyOf(session.namespace, session.name);
    let sessions = this.#bySkillPod.get(key);
    if (!sessions) {
      sessions = new Set();
      this.#bySkillPod.set(key, sessions);
    }
    if (sessions.has(session)) return;
    sessions.add(session);
    this.#size += 1;
  }

  remove(session: LiveSession): void {
    const key = keyOf(session.namespace, session.name);
    const sessions = this.#bySkillPod.get(key);
    if (!sessions?.delete(session)) return;
    this.#size -= 1;
    if (sessions.size === 0) this.#bySkillPod.delete(key);
    if (this.#size === 0) for (const resolve of this.#emptied.splice(0)) resolve();
  }

  forSkillPod(namespace: string, name: string): LiveSession[] {
    return [...(this.#bySkillPod.get(keyOf(namespace, name)) ?? [])];
  }

  skillPodKeys(): { namespace: string; name: string }[] {
    return [...this.#bySkillPod.values()].flatMap((sessions) => {
      const first = sessions.values().next().value;
      return first ? [{ namespace: first.namespace, name: first.name }] : [];
    });
  }

  all(): LiveSession[] {
    return [...this.#bySkillPod.values()].flatMap((sessions) => [...sessions]);
  }

  /** Resolves when no session is left, or after `ms`, whichever comes first. */
  async emptied(ms: number): Promise<void> {
    if (this.#size === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#emptied.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
