"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { problemOf } from "../../../api/problem";
import { textOf } from "../../../lib/form-fields";
import { safeNext } from "../../../lib/safe-next";
import type { FormState } from "../../../components/ui";
import { portalConfig } from "../../../server/config";
import { tokenPairOf } from "../../../server/sign-in-exchange";
import {
  accessCookie,
  accessMaxAge,
  cookieOptions,
  refreshCookie,
  refreshMaxAge,
  type TokenPair,
} from "../../../server/sign-in-cookies";

async function forwardedFor(): Promise<Record<string, string>> {
  const value = (await headers()).get("x-forwarded-for");
  return value ? { "x-forwarded-for": value } : {};
}

async function keepSignIn(pair: TokenPair): Promise<void> {
  const jar = await cookies();
  jar.set(accessCookie, pair.accessToken, cookieOptions(accessMaxAge(pair.expiresIn)));
  jar.set(refreshCookie, pair.refresh, cookieOptions(refreshMaxAge));
}

function credentialsOf(form: FormData): Record<string, string> {
  const body: Record<string, string> = {
    email: textOf(form, "email"),
    password: textOf(form, "password"),
  };
  const code = textOf(form, "totp").trim();
  if (/^\d{6}$/.test(code)) body.totp = code;
  else if (code) body.recoveryCode = code;
  return body;
}

export async function signIn(_state: FormState, form: FormData): Promise<FormState> {
  const response = await fetch(`${portalConfig().apiUrl}/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(await forwardedFor()) },
    body: JSON.stringify(credentialsOf(form)),
    cache: "no-store",
  });
  const pair = await tokenPairOf(response);
  if (!pair) return { problem: problemOf(await response.json().catch(() => ({})), response.status) };
  await keepSignIn(pair);
  redirect(safeNext(form.get("next")));
}

export async function signUp(_state: FormState, form: FormData): Promise<FormState> {
  const body = {
    email: textOf(form, "email"),
    password: textOf(form, "password"),
    displayName: textOf(form, "displayName"),
    accountType: textOf(form, "accountType"),
  };
  const response = await fetch(`${portalConfig().apiUrl}/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(await forwardedFor()) },
    body: JSON.stringify(body),
    cache: "no-store",
  });
  if (!response.ok) return { problem: problemOf(await response.json().catch(() => ({})), response.status) };
  return signIn(_state, form);
}

export async function signOut(): Promise<void> {
  const jar = await cookies();
  const refresh = jar.get(refreshCookie)?.value;
  if (refresh) {
    await fetch(`${portalConfig().apiUrl}/v1/auth/logout`, {
      method: "POST",
      headers: { cookie: refresh },
    }).catch(() => undefined);
  }
  jar.delete(accessCookie);
  jar.delete(refreshCookie);
  redirect("/");
}
