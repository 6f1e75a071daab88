import "server-only";
import type { paths } from "../../../../api/generated/schema";
import { api } from "../../../../server/api";

type Json<P extends keyof paths> = paths[P]["get"] extends {
  responses: { 200: { content: { "application/json": infer T } } };
}
  ? T
  : never;

type Contract = Json<"/v1/contracts/{contractId}">;
type Payout = Json<"/v1/contracts/{contractId}/payouts">["items"][number];

export type HourlyContract = Contract & { payouts: Payout[] };

/**
 * The user's hourly contracts with their payouts. The contract list does not say how a contract bills, so
 * each is read; a contract that cannot be read now is left out rather than failing the page.
 */
export async function hourlyContracts(contractIds: string[]): Promise<HourlyContract[]> {
  const client = await api();
  const contracts = await Promise.all(
    contractIds.map(async (contractId) => {
      const { data } = await client.GET("/v1/contracts/{contractId}", { params: { path: { contractId } } });
      return data;
    }),
  );
  const hourly = contracts.filter((c): c is Contract => c?.billing === "HOURLY");
  return Promise.all(
    hourly.map(async (contract) => {
      const { data } = await client.GET("/v1/contracts/{contractId}/payouts", {
        params: { path: { contractId: contract.id } },
      });
      return { ...contract, payouts: data?.items ?? [] };
    }),
  );
}
