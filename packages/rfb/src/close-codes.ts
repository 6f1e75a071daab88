/** Why the gateway closes a desktop session's WebSocket because of what the browser sent over RFB. */
export type RfbClose = { code: number; reason: string };

// 4100-4199: the RFB layer's own block, so the gateway's codes (tickets, revocation, upstream) cannot collide.
export const rfbCloseCodes = {
  /** A client message type the gateway does not know (xvp 250, gii 253, anything else). */
  unknownMessage: 4100,
  /** A known message whose content cannot be right (fence payload > 64, bad QEMU subtype, bad clipboard flags). */
  malformed: 4101,
  /** A message longer than the filter's maximum (huge or negative cut-text lengths). */
  tooLarge: 4102,
  /** The browser's side of the RFB handshake was wrong (version, security type, data after ClientInit). */
  handshake: 4103,
} as const;

/** WebSocket close reasons are limited to 123 UTF-8 bytes; longer ones make `ws` throw. */
export function rfbClose(code: number, reason: string): RfbClose {
  let trimmed = reason;
  while (Buffer.byteLength(trimmed, "utf8") > 123) trimmed = trimmed.slice(0, -1);
  return { code, reason: trimmed };
}
