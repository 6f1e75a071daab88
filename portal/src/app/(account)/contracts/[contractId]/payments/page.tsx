import type { Metadata } from "next";
import type { ReactElement } from "react";
import { Badge, EmptyState } from "../../../../../components/ui";
import { formatDate } from "../../../../../lib/dates";
import { formatMoney } from "../../../../../lib/money";
import { api, dataOf } from "../../../../../server/api";
import { payoutStateOf } from "../../_components/contract-words";
import { checkedContractId, contractOf, contractPath, type Contract, type Payout } from "../contract-data";
import { moneySummaryOf } from "./money-summary";
import { TableRegion } from "../../_components/table-region";

export const metadata: Metadata = { title: "Contract payments" };

function Summary({ contract }: { contract: Contract }): ReactElement {
  const sum = moneySummaryOf(contract.milestones);
  const money = (amountMinor: number): string => formatMoney({ amountMinor, currency: contract.currency });
  return (
    <dl className="money-facts ui-card">
      <div>
        <dt>Not funded yet</dt>
        <dd className="money-amount">{money(sum.notFunded)}</dd>
      </div>
      <div>
        <dt>In escrow</dt>
        <dd className="money-amount">{money(sum.inEscrow)}</dd>
      </div>
      <div>
        <dt>Released to the freelancer</dt>
        <dd className="money-amount">{money(sum.released)}</dd>
      </div>
      <div>
        <dt>Refunded to the client</dt>
        <dd className="money-amount">{money(sum.refunded)}</dd>
      </div>
      <div>
        <dt>Platform fee</dt>
        <dd>{contract.platformFeeBps / 100}% of each payout</dd>
      </div>
    </dl>
  );
}

const whereWords: Record<string, string> = {
  pending: "Not funded",
  approved: "Released",
  refunded: "Refunded",
  cancelled: "Cancelled",
};

function MilestoneMoney({ contract }: { contract: Contract }): ReactElement {
  return (
    <TableRegion label="Money by milestone">
      <table className="ui-table">
        <caption className="visually-hidden">Each milestone&apos;s money</caption>
        <thead>
          <tr>
            <th scope="col">Milestone</th>
            <th scope="col">Amount</th>
            <th scope="col">Where the money is</th>
            <th scope="col">Payout</th>
          </tr>
        </thead>
        <tbody>
          {contract.milestones.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.title}</th>
              <td className="money-amount">{formatMoney(m.amount)}</td>
              <td>{whereWords[m.state] ?? "In escrow"}</td>
              <td>
                {m.state === "approved" || m.payout.state !== "none"
                  ? payoutStateOf(m.payout.state).text
                  : "—"}
                {m.payout.net ? ` (${formatMoney(m.payout.net)} net)` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function PayoutTable({ payouts, titles }: { payouts: Payout[]; titles: Map<string, string> }): ReactElement {
  return (
    <TableRegion label="Payouts">
      <table className="ui-table">
        <caption className="visually-hidden">Payouts of this contract</caption>
        <thead>
          <tr>
            <th scope="col">Milestone</th>
            <th scope="col">State</th>
            <th scope="col">Gross</th>
            <th scope="col">Fee</th>
            <th scope="col">Net</th>
            <th scope="col">Paid</th>
          </tr>
        </thead>
        <tbody>
          {payouts.map((p) => {
            const state = payoutStateOf(p.state);
            return (
              <tr key={p.id}>
                <th scope="row">{titles.get(p.milestoneId) ?? "Milestone"}</th>
                <td>
                  <Badge tone={state.tone}>{state.text}</Badge>
                </td>
                <td className="money-amount">{formatMoney(p.gross)}</td>
                <td className="money-amount">{formatMoney(p.fee)}</td>
                <td className="money-amount">{formatMoney(p.net)}</td>
                <td>{formatDate(p.paidAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableRegion>
  );
}

export default async function ContractPaymentsPage(props: {
  params: Promise<{ contractId: string }>;
}): Promise<ReactElement> {
  const contractId = checkedContractId((await props.params).contractId);
  const [contract, payouts] = await Promise.all([
    contractOf(contractId),
    (async () =>
      dataOf(
        await (await api()).GET("/v1/contracts/{contractId}/payouts", { params: { path: { contractId } } }),
        contractPath(contractId, "payments"),
      ))(),
  ]);
  const titles = new Map(contract.milestones.map((m) => [m.id, m.title]));
  return (
    <>
      <h2>Money</h2>
      <Summary contract={contract} />
      <h3>By milestone</h3>
      <MilestoneMoney contract={contract} />
      <h2>Payouts</h2>
      {payouts.items.length === 0 ? (
        <EmptyState title="No payouts yet.">
          <p>When the client approves a milestone, its payout (less the platform fee) shows here.</p>
        </EmptyState>
      ) : (
        <PayoutTable payouts={payouts.items} titles={titles} />
      )}
    </>
  );
}
