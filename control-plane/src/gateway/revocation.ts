// Ends live desktop sessions that may no longer run, within seconds: at once when the SkillPod watch reports
// a stop, a deletion or a changed viewer list, and on a sweep every few seconds for what no watch reports
// (a contract that ended lives in PostgreSQL, not in the SkillPod).
import type { SkillPod } from "@skillpod/api";
import type { Logger } from "pino";
import { grantedMode, type DesktopMode } from "../desktop-sessions/index.js";
import { gatewayCloseCodes, type SessionClose } from "./close-codes.js";
import type { SessionRegistry, LiveSession } from "./session-registry.js";
import type { SkillPodWatch } from "./skillpod-watch.js";

const deleted: SessionClose = { code: gatewayCloseCodes.skillPodDeleted, reason: "The SkillPod was deleted" };

const frozen: SessionClose = {
  code: gatewayCloseCodes.skillPodFrozen,
  reason: "The SkillPod is frozen by a dispute on its milestone",
};

/** Why a SkillPod in this state runs no desktop session, or undefined while it may. */
export function stateRevocation(skillPod: SkillPod | undefined): SessionClose | undefined {
  if (!skillPod || skillPod.metadata?.deletionTimestamp) return deleted;
  if (skillPod.spec.state === "Stopped") {
    return { code: gatewayCloseCodes.skillPodStopped, reason: "The SkillPod was stopped" };
  }
  const phase = skillPod.status?.phase;
  if (phase !== "Running") {
    return {
      code: gatewayCloseCodes.skillPodStopped,
      reason: `The SkillPod is no longer running (phase ${phase ?? "unknown"})`,
    };
  }
  return undefined;
}

export type AccessCheck = (skillPod: SkillPod, userId: string) => Promise<DesktopMode | undefined>;

export type RevocationOptions = {
  registry: SessionRegistry;
  skillPods: Pick<SkillPodWatch, "cached" | "read" | "onChange">;
  accessOf: AccessCheck;
  /** Whether a dispute froze the SkillPod (PostgreSQL is the authority, before the workflow's stop lands). */
  frozen: (skillPod: SkillPod) => Promise<boolean>;
  intervalMs: number;
  log: Logger;
};

const accessRevoked = (mode: DesktopMode): SessionClose => ({
  code: gatewayCloseCodes.accessRevoked,
  reason:
    mode === "watch"
      ? "You may no longer watch this SkillPod (removed from its viewers, or its contract ended)"
      : "You may no longer use this SkillPod",
});

export class Revocation {
  readonly #options: RevocationOptions;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #sweeping = false;

  constructor(options: RevocationOptions) {
    this.#options = options;
  }

  start(): void {
    this.#unsubscribe = this.#options.skillPods.onChange(({ namespace, name, skillPod }) => {
      const sessions = this.#options.registry.forSkillPod(namespace, name);
      if (sessions.length > 0) void this.#checkLogged(sessions, skillPod);
    });
    this.#timer = setInterval(() => void this.#sweep(), this.#options.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#unsubscribe?.();
  }

  /** One pass over every SkillPod with sessions; a pass still running when the next is due is not doubled. */
  async #sweep(): Promise<void> {
    if (this.#sweeping) return;
    this.#sweeping = true;
    try {
      const { registry, skillPods } = this.#options;
      await Promise.all(
        registry.skillPodKeys().map(async ({ namespace, name }) => {
          const skillPod = skillPods.cached(namespace, name) ?? (await skillPods.read(namespace, name));
          await this.#check(registry.forSkillPod(namespace, name), skillPod);
        }),
      );
    } catch (error) {
      this.#options.log.warn({ err: error }, "Failed a revocation sweep; the next one retries");
    } finally {
      this.#sweeping = false;
    }
  }

  async #checkLogged(sessions: LiveSession[], skillPod: SkillPod | undefined): Promise<void> {
    try {
      await this.#check(sessions, skillPod);
    } catch (error) {
      this.#options.log.warn({ err: error }, "Failed a revocation check; the next sweep retries");
    }
  }

  async #check(sessions: LiveSession[], skillPod: SkillPod | undefined): Promise<void> {
    const ended = stateRevocation(skillPod);
    if (ended !== undefined || skillPod === undefined) {
      for (const session of sessions) session.end(ended ?? deleted);
      return;
    }
    if (await this.#options.frozen(skillPod)) {
      for (const session of sessions) session.end(frozen);
      return;
    }
    // One access query per user, however many tabs they have open.
    const byUser = new Map<string, Promise<DesktopMode | undefined>>();
    await Promise.all(
      sessions.map(async (session) => {
        let allowed = byUser.get(session.userId);
        if (!allowed) {
          allowed = this.#options.accessOf(skillPod, session.userId);
          byUser.set(session.userId, allowed);
        }
        if (grantedMode(await allowed, session.mode) !== session.mode)
          session.end(accessRevoked(session.mode));
      }),
    );
  }
}
