// WebSocket close codes the gateway itself chooses. Protocol violations (unknown or malformed messages, a bad
// handshake) are @skillpod/rfb's rfbCloseCodes (4100-4199); the gateway's own are 4200-4299, so a client can
// tell "you sent something wrong" from "your session was ended".
import { RfbUpstreamError } from "@skillpod/rfb";

export type SessionClose = { code: number; reason: string };

export const gatewayCloseCodes = {
  /** The desktop closed its side (the VNC server stopped or dropped us). */
  desktopClosed: 4200,
  /** The desktop could not be reached or did not answer the RFB handshake in time. */
  desktopUnavailable: 4201,
  /** The desktop refused the stream credential. */
  desktopRefused: 4202,
  /** The browser did not finish the RFB handshake in time. */
  handshakeTimeout: 4203,
  /** The browser sent a text frame: RFB travels in binary frames only. */
  notBinary: 4204,
  /** The SkillPod was stopped, frozen, or is no longer Running. */
  skillPodStopped: 4210,
  /** The SkillPod was deleted. */
  skillPodDeleted: 4211,
  /** The user may no longer open this session (contract ended, removed from the viewers). */
  accessRevoked: 4212,
  /** A dispute froze the SkillPod's milestone. */
  skillPodFrozen: 4214,
  /** The browser stopped answering pings. */
  browserUnresponsive: 4213,
  /** The gateway is shutting down: reconnect (another replica takes the session). */
  goingAway: 1001,
} as const;

/** A close reason may hold at most 123 bytes of UTF-8 (RFC 6455 §5.5): longer ones are cut, never thrown. */
export function closeReasonOf(reason: string): string {
  const bytes = Buffer.from(reason, "utf8");
  if (bytes.length <= 123) return reason;
  // Cutting inside a multi-byte character leaves a replacement character: drop it.
  return (
    bytes
      .subarray(0, 120)
      .toString("utf8")
      .replace(/\uFFFD+$/, "") + "..."
  );
}

/** The close a failed connection to the desktop becomes. */
export function upstreamClose(error: unknown): SessionClose {
  if (error instanceof RfbUpstreamError && error.kind === "auth") {
    return { code: gatewayCloseCodes.desktopRefused, reason: "The desktop refused the stream credential" };
  }
  const kind = error instanceof RfbUpstreamError ? error.kind : "connect";
  return { code: gatewayCloseCodes.desktopUnavailable, reason: `The desktop is unreachable (${kind})` };
}
