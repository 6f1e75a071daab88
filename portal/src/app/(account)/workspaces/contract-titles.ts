import "server-only";
import type { Api } from "../../../server/api";

export type ContractTitles = { title: string; milestones: Record<string, string> };

/** The titles people know a workspace by: its contract's and its milestone's (one read per contract). */
export async function contractTitles(
  client: Api,
  contractIds: (string | null)[],
): Promise<Record<string, ContractTitles>> {
  const ids = [...new Set(contractIds.filter((id): id is string => id !== null))];
  const found = await Promise.all(
    ids.map(async (contractId) => {
      const { data } = await client.GET("/v1/contracts/{contractId}", { params: { path: { contractId } } });
      if (!data) return undefined;
      const milestones = Object.fromEntries(data.milestones.map((m) => [m.id, m.title]));
      return [contractId, { title: data.title, milestones }] as const;
    }),
  );
  return Object.fromEntries(found.filter((entry) => entry !== undefined));
}
