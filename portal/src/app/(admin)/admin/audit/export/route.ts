import type { NextRequest } from "next/server";
import { api } from "../../../../../server/api";
import { apiFiltersOf, auditFiltersOf, queryOf } from "../audit-query";

const passedHeaders = ["content-type", "content-disposition"];

// Relative: behind a proxy the request's own URL may name another host than the browser's.
const seeOther = (location: string): Response => new Response(null, { status: 303, headers: { location } });

/**
 * The audit export as a download, streamed through from the API (which records the export in the trail
 * before the first byte). A refusal goes back to the audit page, which says why in words for the same filters.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const search = Object.fromEntries(request.nextUrl.searchParams);
  const values = auditFiltersOf(search);
  const format = search.format === "ndjson" ? "ndjson" : "csv";
  const { response } = await (
    await api()
  ).GET("/v1/audit/export", {
    params: { query: { ...apiFiltersOf(values), format } },
    parseAs: "stream",
  });
  const back = `/admin/audit${queryOf(values)}`;
  if (response.status === 401) return seeOther(`/sign-in?next=${encodeURIComponent(back)}`);
  if (!response.ok || !response.body) return seeOther(back);
  const headers = new Headers({ "cache-control": "no-store" });
  for (const name of passedHeaders) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(response.body, { status: 200, headers });
}
