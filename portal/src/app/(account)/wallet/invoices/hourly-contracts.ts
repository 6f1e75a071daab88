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
export type InvoiceLine = Json<"/v1/contracts/{contractId}/invoice-lines">["items"][number];

export type HourlyContract = Contract & { payouts: Payout[]; weeks: InvoiceLine[] };

/**
 * The user's hourly contracts with their payouts and weekly statements. The contract list does not say how a contract bills, so
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
      const params = { params: { path: { contractId: contract.id } } };
      const [payouts, weeks] = await Promise.all([
        client.GET("/v1/contracts/{contractId}/payouts", params),
        client.GET("/v1/contracts/{contractId}/invoice-lines", params),
      ]);
      return { ...contract, payouts: payouts.data?.items ?? [], weeks: weeks.data?.items ?? [] };
    }),
  );
}
