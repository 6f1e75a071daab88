import { portalConfig } from "./config";
import { refreshPairOf, type TokenPair } from "./sign-in-cookies";

type TokenBody = { accessToken: string; expiresIn: number };

/** The API's answer to a sign-in or refresh as a token pair, or undefined when it carried none. */
export async function tokenPairOf(response: Response): Promise<TokenPair | undefined> {
  const refresh = refreshPairOf(response.headers);
  if (!response.ok || !refresh) return undefined;
  const body = (await response.json()) as TokenBody;
  return { accessToken: body.accessToken, expiresIn: body.expiresIn, refresh };
}

/** Swaps the API's refresh cookie for a new pair. `undefined` when the API refused it (signed out). */
export async function refreshSignIn(refresh: string, forwardedFor?: string): Promise<TokenPair | undefined> {
  const response = await fetch(`${portalConfig().apiUrl}/v1/auth/refresh`, {
    method: "POST",
    headers: { cookie: refresh, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
    cache: "no-store",
  });
  if (response.status >= 500) throw new Error(`the API answered ${response.status} to a refresh`);
  return tokenPairOf(response);
}
