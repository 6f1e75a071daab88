export type RfbUpstreamErrorKind = "connect" | "timeout" | "auth" | "protocol";

/** Why the gateway could not open an RFB connection to a desktop. kind "auth" carries the server's own reason. */
export class RfbUpstreamError extends Error {
  readonly kind: RfbUpstreamErrorKind;

  constructor(kind: RfbUpstreamErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RfbUpstreamError";
    this.kind = kind;
  }
}
