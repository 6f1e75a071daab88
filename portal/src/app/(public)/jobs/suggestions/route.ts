import { NextResponse, type NextRequest } from "next/server";
import { api } from "../../../../server/api";

export type Suggestions = { jobs: { id: string; title: string }[]; skills: { id: string; name: string }[] };

const none: Suggestions = { jobs: [], skills: [] };

/** Suggestions for the job search box: the browser asks the portal, the portal asks the API. */
export async function GET(request: NextRequest): Promise<NextResponse<Suggestions>> {
  const q = (request.nextUrl.searchParams.get("q") ?? "").trim().slice(0, 100);
  if (q.length < 2) return NextResponse.json(none);
  const { data } = await (await api()).GET("/v1/search/autocomplete", { params: { query: { q, limit: 8 } } });
  // A refused or failed lookup is no suggestions: the search itself still works.
  const body: Suggestions = data
    ? {
        jobs: data.jobs.map((j) => ({ id: j.id, title: j.title })),
        skills: data.skills.map((s) => ({ id: s.id, name: s.name })),
      }
    : none;
  return NextResponse.json(body, { headers: { "cache-control": "private, max-age=30" } });
}
