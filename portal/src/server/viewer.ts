import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { api, hasSignIn } from "./api";

export type Role = "freelancer" | "client" | "admin" | "auditor";
export type Viewer = { id: string; email: string; displayName: string; roles: Role[]; mfaEnabled: boolean };

/** The signed-in account, once per request (React cache), or undefined when nobody is signed in. */
export const currentViewer = cache(async (): Promise<Viewer | undefined> => {
  if (!(await hasSignIn())) return undefined;
  const { data } = await (await api()).GET("/v1/me");
  return data ? { ...data, roles: data.roles as Role[] } : undefined;
});

/** The signed-in account; a page that needs one sends everyone else to sign in and back to the page asked for. */
export async function requireViewer(next?: string): Promise<Viewer> {
  const viewer = await currentViewer();
  if (viewer) return viewer;
  // The proxy names the page asked for (src/proxy.ts pathHeader): a layout has no other way to know it.
  const asked = next ?? (await headers()).get("x-skillpod-path") ?? "/";
  redirect(`/sign-in?next=${encodeURIComponent(asked)}`);
}

export function hasRole(viewer: Viewer | undefined, role: Role): boolean {
  return viewer?.roles.includes(role) ?? false;
}
