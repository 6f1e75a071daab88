import "server-only";
import createClient, { type Client } from "openapi-fetch";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { paths } from "../api/generated/schema";
import { ApiProblem, problemOf, type Problem } from "../api/problem";
import { portalConfig } from "./config";
import { accessCookie } from "./sign-in-cookies";

export type Api = Client<paths>;

/** Forwarded so the API's rate limits and audit trail see the browser's address, not the portal's. */
async function forwardedHeaders(): Promise<Record<string, string>> {
  const incoming = await headers();
  const forwarded = incoming.get("x-forwarded-for") ?? incoming.get("x-real-ip");
  return forwarded ? { "x-forwarded-for": forwarded } : {};
}

/** The API as the signed-in user (or anonymous): every call is authorized again by the API itself. */
export async function api(): Promise<Api> {
  const token = (await cookies()).get(accessCookie)?.value;
  return createClient<paths>({
    baseUrl: portalConfig().apiUrl,
    headers: { ...(await forwardedHeaders()), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    cache: "no-store",
  });
}

export async function hasSignIn(): Promise<boolean> {
  return (await cookies()).has(accessCookie);
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * The data of a page's API call. 404 is the page's not-found (also for another user's object: the API hides
 * it as 404), 401 sends the browser to sign in, anything else is an ApiProblem for the route's error.tsx.
 */
export function dataOf<T>(result: Result<T>, next = "/"): T {
  if (result.response.ok) return result.data as T;
  if (result.response.status === 404) notFound();
  if (result.response.status === 401) redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  throw new ApiProblem(problemOf(result.error, result.response.status));
}

export type ActionState = { ok?: string; problem?: Problem };

/** A form action's outcome: the problem in words (and which field) or a short confirmation. */
export function actionStateOf(result: Result<unknown>, ok: string): ActionState {
  if (result.response.ok) return { ok };
  return { problem: problemOf(result.error, result.response.status) };
}
