import "server-only";
import type { paths } from "../../../api/generated/schema";
import { redirect } from "next/navigation";
import { api, dataOf } from "../../../server/api";

type Json<P extends keyof paths> = paths[P]["get"] extends {
  responses: { 200: { content: { "application/json": infer T } } };
}
  ? T
  : never;

// The route answers CSV too (format=csv); a page is its JSON form.
export type TransactionPage = Exclude<Json<"/v1/wallet/transactions">, string>;
export type Transaction = TransactionPage["items"][number];
export type Balance = Json<"/v1/wallet">["balances"][number];

export async function balancesOf(): Promise<Balance[]> {
  return dataOf(await (await api()).GET("/v1/wallet"), "/wallet").balances;
}

export async function transactionPage(cursor: string | undefined, limit: number): Promise<TransactionPage> {
  const result = await (
    await api()
  ).GET("/v1/wallet/transactions", { params: { query: { limit, ...(cursor ? { cursor } : {}) } } });
  // A cursor the API refuses (edited or stale URL): the newest page instead of a failed one.
  if (cursor && (result.response.status === 400 || result.response.status === 422)) redirect("/wallet");
  const page = dataOf(result, "/wallet");
  if (typeof page === "string") throw new Error("The wallet's transactions came as text, not a page");
  return page;
}

/** The newest entries, up to `maxPages` pages of 100: enough for a year of earnings for most freelancers. */
export async function recentTransactions(maxPages = 5): Promise<Transaction[]> {
  const items: Transaction[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const next = await transactionPage(cursor, 100);
    items.push(...next.items);
    if (!next.nextCursor) break;
    cursor = next.nextCursor;
  }
  return items;
}

/** Titles of the user's contracts by id, to name the contract of a transaction. */
export async function contractTitles(): Promise<Map<string, string>> {
  const { data } = await (await api()).GET("/v1/contracts", { params: { query: { limit: 100 } } });
  return new Map((data?.items ?? []).map((c) => [c.id, c.title]));
}
