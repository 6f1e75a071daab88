import { NextResponse } from "next/server";
import { api } from "../../../server/api";

/** A single-use live-channel ticket for this browser: the sign-in stays on the server, the ticket opens one socket. */
export async function POST(): Promise<NextResponse> {
  const { data, response } = await (await api()).POST("/v1/live/tickets");
  if (!data) return NextResponse.json({ error: "no ticket" }, { status: response.status });
  return NextResponse.json(data, { headers: { "cache-control": "no-store" } });
}
