"use server";
import { problemOf, type Problem } from "../../api/problem";
import { api } from "../../server/api";

export type DesktopTicket = { ticket: string; url: string; mode: "interactive" | "watch"; expiresAt: string };

/** A single-use session ticket for this browser; the sign-in itself never leaves the portal's server. */
export async function openDesktopSession(
  namespace: string,
  name: string,
  mode: "interactive" | "watch",
): Promise<DesktopTicket | { problem: Problem }> {
  const result = await (
    await api()
  ).POST("/v1/workspaces/{namespace}/{name}/desktop-sessions", {
    params: { path: { namespace, name } },
    body: { mode },
  });
  if (result.data) return result.data;
  return { problem: problemOf(result.error, result.response.status) };
}
