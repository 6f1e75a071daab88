/** Response headers for every portal route. Scripts only from the portal itself: Next's inline bootstrap
 * scripts need 'unsafe-inline' (no per-request nonce, so pages stay static and cacheable); no eval. The
 * desktop page talks to the session gateway over WebSocket, so connect-src allows ws(s) origins. React's
 * development build needs eval for its error overlays; production never does. */
export function securityHeaders(options: { development: boolean }): { key: string; value: string }[] {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self' ws: wss:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), clipboard-write=(self)" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
}
