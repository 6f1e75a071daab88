// What the session gateway's WebSocket close codes (control-plane/src/gateway/close-codes.ts: 4200-4299 its
// own, 4100-4199 protocol errors) mean to the person in front of the desktop.
export type DesktopClose = { code: number; reason: string };

const sentences: Record<number, string> = {
  1000: "The desktop session ended.",
  1001: "The session gateway restarted. Reconnect to carry on.",
  4200: "The desktop closed the connection.",
  4201: "The desktop could not be reached. It may still be starting: try again in a moment.",
  4202: "The desktop refused the session's credential.",
  4203: "The connection was not set up in time.",
  4204: "The connection broke a rule of the desktop protocol.",
  4210: "The workspace was stopped.",
  4211: "The workspace was deleted.",
  4212: "You may no longer open this desktop (the contract ended or you were removed from its viewers).",
  4213: "Your browser stopped answering, so the session was closed.",
  4214: "A dispute froze this workspace until it is resolved.",
};

/** The sentence shown when a desktop session ends: by code, else the gateway's own reason, else a plain one. */
export function closeSentence(close: DesktopClose | undefined, wasConnected: boolean): string {
  if (!close) return "The connection ended.";
  if (close.code === 1006 && !wasConnected)
    return "The session gateway refused the session. A session ticket works once, for a few seconds: reconnect for a new one.";
  if (close.code === 1006) return "The connection was lost (network or gateway).";
  const known = sentences[close.code];
  if (known) return known;
  if (close.code >= 4100 && close.code < 4200) return "The connection broke a rule of the desktop protocol.";
  return close.reason ? `${close.reason}.` : "The connection ended.";
}

/** Whether reconnecting can help: not after a stop, deletion, revocation or freeze. */
export function canReconnect(close: DesktopClose | undefined): boolean {
  return !close || ![4210, 4211, 4212, 4214].includes(close.code);
}
