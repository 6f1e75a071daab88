// RFB (RFC 6143) for the session gateway: VncAuth, the handshakes and the client-message filter.
export {};
