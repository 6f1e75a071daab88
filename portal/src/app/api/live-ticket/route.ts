import { NextResponse } from "next/server";
import { api } from "../../../server/api";
import { liveSocketUrl } from "../../../lib/live-socket-url";
import { portalConfig } from "../../../server/config";

/** A single-use live-channel ticket for this browser: the sign-in stays on the server, the ticket opens one socket. */
export async function POST(): Promise<NextResponse> {
  const { data, response } = await (await api()).POST("/v1/live/tickets");
  if (!data) return NextResponse.json({ error: "no ticket" }, { status: response.status });
  const url = liveSocketUrl(data.url, portalConfig().apiPublicUrl);
  return NextResponse.json({ ...data, url }, { headers: { "cache-control": "no-store" } });
}
