import { NextResponse, type NextRequest } from "next/server";
import { refreshSignIn } from "./server/sign-in-exchange";
import {
  accessCookie,
  accessMaxAge,
  cookieOptions,
  refreshCookie,
  refreshMaxAge,
  type TokenPair,
} from "./server/sign-in-cookies";

/** The header that tells server components which page was asked for (a layout is not told its path). */
export const pathHeader = "x-skillpod-path";

function onward(request: NextRequest): NextResponse {
  request.headers.set(pathHeader, request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers: request.headers } });
}

function withTokens(request: NextRequest, pair: TokenPair): NextResponse {
  // The new access token reaches this request's server components through its cookie header, and the
  // browser through Set-Cookie.
  request.cookies.set(accessCookie, pair.accessToken);
  request.cookies.set(refreshCookie, pair.refresh);
  const response = onward(request);
  response.cookies.set(accessCookie, pair.accessToken, cookieOptions(accessMaxAge(pair.expiresIn)));
  response.cookies.set(refreshCookie, pair.refresh, cookieOptions(refreshMaxAge));
  return response;
}

function signedOut(request: NextRequest): NextResponse {
  request.cookies.delete(refreshCookie);
  const response = onward(request);
  response.cookies.delete(refreshCookie);
  return response;
}

/** Refreshes the sign-in before a page renders when the access cookie has expired. */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const refresh = request.cookies.get(refreshCookie)?.value;
  if (request.cookies.has(accessCookie) || !refresh) return onward(request);
  const forwardedFor = request.headers.get("x-forwarded-for") ?? undefined;
  const pair = await refreshSignIn(refresh, forwardedFor).catch(() => "unavailable" as const);
  // The API being down says nothing about the sign-in: keep the cookie and let the page show the outage.
  if (pair === "unavailable") return onward(request);
  return pair ? withTokens(request, pair) : signedOut(request);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|icons/|manifest.webmanifest|favicon.ico|healthz).*)"],
};
