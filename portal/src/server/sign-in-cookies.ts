import { portalConfig } from "./config";

/** The sign-in lives in two httpOnly cookies of the portal's own: no script in the browser can read them. */
export const accessCookie = "skp_portal_access";
export const refreshCookie = "skp_portal_refresh";

export type CookieOptions = {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: "/";
  maxAge: number;
};

// Lax, not Strict: a link to the portal from elsewhere (an email) must open signed in; Lax still keeps the
// cookies off cross-site POSTs, and Next checks the Origin of every server action.
export function cookieOptions(maxAge: number): CookieOptions {
  return { httpOnly: true, sameSite: "lax", secure: portalConfig().cookieSecure, path: "/", maxAge };
}

export type TokenPair = {
  accessToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
  /** The API's refresh cookie, `name=value`, kept opaque. */
  refresh: string;
};

// The access cookie dies a little before the token does, so a request never carries a token about to expire.
export function accessMaxAge(expiresIn: number): number {
  return Math.max(1, expiresIn - 30);
}

export const refreshMaxAge = 30 * 24 * 3600;

/** The `name=value` pair of the API's refresh cookie from its Set-Cookie headers. */
export function refreshPairOf(headers: Headers): string | undefined {
  for (const line of headers.getSetCookie()) {
    const pair = line.split(";")[0]?.trim();
    if (pair?.startsWith("skp_refresh=") && pair.length > "skp_refresh=".length) return pair;
  }
  return undefined;
}
