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

function withTokens(request: NextRequest, pair: TokenPair): NextResponse {
  // The new access token reaches this request's server components through its cookie header, and the
  // browser through Set-Cookie.
  request.cookies.set(accessCookie, pair.accessToken);
  request.cookies.set(refreshCookie, pair.refresh);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(accessCookie, pair.accessToken, cookieOptions(accessMaxAge(pair.expiresIn)));
  response.cookies.set(refreshCookie, pair.refresh, cookieOptions(refreshMaxAge));
  return response;
}

function signedOut(request: NextRequest): NextResponse {
  request.cookies.delete(refreshCookie);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.delete(refreshCookie);
  return response;
}

/** Refreshes the sign-in before a page renders when the access cookie has expired. */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const refresh = request.cookies.get(refreshCookie)?.value;
  if (request.cookies.has(accessCookie) || !refresh) return NextResponse.next();
  const forwardedFor = request.headers.get("x-forwarded-for") ?? undefined;
  const pair = await refreshSignIn(refresh, forwardedFor).catch(() => "unavailable" as const);
  // The API being down says nothing about the sign-in: keep the cookie and let the page show the outage.
  if (pair === "unavailable") return NextResponse.next();
  return pair ? withTokens(request, pair) : signedOut(request);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|icons/|manifest.webmanifest|favicon.ico).*)"],
};
