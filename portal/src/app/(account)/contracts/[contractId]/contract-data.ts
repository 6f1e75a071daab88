import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import type { paths } from "../../../../api/generated/schema";
import { api, dataOf } from "../../../../server/api";
import { partyNamesOf, type PartyNames } from "../_components/party-names";

/** The API's contract ids: anything else is not a contract (and would be the API's 400, not a 404). */
const contractIdPattern = /^[A-Za-z0-9_-]{1,80}$/;

export function contractPath(contractId: string, tab = ""): string {
  return `/contracts/${encodeURIComponent(contractId)}${tab ? `/${tab}` : ""}`;
}

export function checkedContractId(contractId: string): string {
  const id = decodeURIComponent(contractId);
  if (!contractIdPattern.test(id)) notFound();
  return id;
}

/** One contract, read once per request (the layout and its tab both need it; the API audits each read). */
export const contractOf = cache(async (contractId: string) =>
  dataOf(
    await (await api()).GET("/v1/contracts/{contractId}", { params: { path: { contractId } } }),
    contractPath(contractId),
  ),
);

export type Contract = Awaited<ReturnType<typeof contractOf>>;
export type Milestone = Contract["milestones"][number];

export const contractPartyNames = cache(async (contractId: string): Promise<PartyNames> => {
  const contract = await contractOf(contractId);
  const names = await partyNamesOf([{ ...contract, id: contractId }]);
  return names.get(contractId) ?? {};
});

export type Json<P extends keyof paths> = paths[P]["get"] extends {
  responses: { 200: { content: { "application/json": infer T } } };
}
  ? T
  : never;

export type Payout = Json<"/v1/contracts/{contractId}/payouts">["items"][number];
export type TimelinePage = Json<"/v1/contracts/{contractId}/timeline">;
export type TimelineItem = TimelinePage["items"][number];

/** One page of the contract's activity, oldest first. */
export async function timelinePage(
  contractId: string,
  cursor: string | undefined,
  limit = 100,
): Promise<TimelinePage> {
  const result = await (
    await api()
  ).GET("/v1/contracts/{contractId}/timeline", {
    params: { path: { contractId }, query: { limit, ...(cursor ? { cursor } : {}) } },
  });
  // A cursor the API refuses (edited or stale URL): start from the beginning instead of failing the page.
  if (cursor && (result.response.status === 400 || result.response.status === 422))
    redirect(contractPath(contractId, "activity"));
  return dataOf(result, contractPath(contractId, "activity"));
}

/** The whole timeline, oldest first, up to `maxPages` pages of 100 (the dispute tab needs its events). */
export async function wholeTimeline(contractId: string, maxPages = 10): Promise<TimelineItem[]> {
  const items: TimelineItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const next = await timelinePage(contractId, cursor);
    items.push(...next.items);
    if (!next.nextCursor) break;
    cursor = next.nextCursor;
  }
  return items;
}
