/** The portal server's configuration, parsed once from the environment; a bad value stops the process. */
export type PortalConfig = {
  /** Where the portal's server reaches the control plane API (never sent to the browser). */
  apiUrl: string;
  /** Where browsers reach the API's live channel (a WebSocket): the API's public address. */
  apiPublicUrl: string;
  /** Cookies only over HTTPS; `false` for the local stack on plain HTTP. */
  cookieSecure: boolean;
};

function parseUrl(name: string, value: string | undefined, fallback: string): string {
  const text = value ?? fallback;
  try {
    return new URL(text).toString().replace(/\/$/, "");
  } catch {
    throw new Error(`[portal] ${name} must be a URL, got ${JSON.stringify(text)}`);
  }
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  if (value === "true" || value === "false") return value === "true";
  throw new Error(`[portal] ${name} must be true or false, got ${JSON.stringify(value)}`);
}

export function loadPortalConfig(env: Record<string, string | undefined>): PortalConfig {
  return {
    apiUrl: parseUrl("SKILLPOD_API_URL", env.SKILLPOD_API_URL, "http://127.0.0.1:3000"),
    apiPublicUrl: parseUrl(
      "SKILLPOD_API_PUBLIC_URL",
      env.SKILLPOD_API_PUBLIC_URL,
      env.SKILLPOD_API_URL ?? "http://127.0.0.1:3000",
    ),
    cookieSecure: parseBoolean("COOKIE_SECURE", env.COOKIE_SECURE, true),
  };
}

let loaded: PortalConfig | undefined;

export function portalConfig(): PortalConfig {
  loaded ??= loadPortalConfig(process.env);
  return loaded;
}
