import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { EmptyState } from "../../../../components/ui";
import { formatDate } from "../../../../lib/dates";
import { formatMoney } from "../../../../lib/money";
import { api, dataOf } from "../../../../server/api";
import { requireViewer } from "../../../../server/viewer";
import { contractStateOf } from "../../contracts/_components/contract-words";
import "../../contracts/_components/money-pages.css";
import { hourlyContracts, type HourlyContract } from "./hourly-contracts";
import { WeeklyStatements } from "./weekly-statements";
import { TableRegion } from "../../contracts/_components/table-region";

export const metadata: Metadata = { title: "Invoices" };

function capOf(c: HourlyContract): string {
  return c.weeklyLimitMinutes ? `${Math.round((c.weeklyLimitMinutes / 60) * 10) / 10} h a week` : "No cap";
}

function Statement({ contract }: { contract: HourlyContract }): ReactElement {
  const titles = new Map(contract.milestones.map((m) => [m.id, m.title]));
  const billed = contract.payouts.reduce((sum, p) => sum + p.gross.amountMinor, 0);
  return (
    <li className="ui-card">
      <div className="money-head">
        <h2>
          <Link href={`/contracts/${encodeURIComponent(contract.id)}/payments`}>{contract.title}</Link>
        </h2>
        <span className="ui-muted">{contractStateOf(contract.state).text}</span>
      </div>
      <dl className="money-facts">
        <div>
          <dt>Hourly rate</dt>
          <dd>{formatMoney(contract.hourlyRate)}</dd>
        </div>
        <div>
          <dt>Weekly cap</dt>
          <dd>{capOf(contract)}</dd>
        </div>
        <div>
          <dt>Billed so far</dt>
          <dd className="money-amount">
            {formatMoney({ amountMinor: billed, currency: contract.currency })}
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDate(contract.createdAt)}</dd>
        </div>
      </dl>
      <WeeklyStatements title={contract.title} weeks={contract.weeks} />
      {contract.payouts.length === 0 ? (
        <p className="money-step">Nothing billed yet.</p>
      ) : (
        <TableRegion label={`Payments of ${contract.title}`} style={{ marginTop: 12 }}>
          <table className="ui-table">
            <caption className="visually-hidden">Payments of {contract.title}</caption>
            <thead>
              <tr>
                <th scope="col">Paid</th>
                <th scope="col">For</th>
                <th scope="col">Gross</th>
                <th scope="col">Platform fee</th>
                <th scope="col">Net</th>
              </tr>
            </thead>
            <tbody>
              {contract.payouts.map((p) => (
                <tr key={p.id}>
                  <td>{formatDate(p.paidAt ?? p.createdAt)}</td>
                  <th scope="row">{titles.get(p.milestoneId) ?? "Milestone"}</th>
                  <td className="money-amount">{formatMoney(p.gross)}</td>
                  <td className="money-amount">{formatMoney(p.fee)}</td>
                  <td className="money-amount">{formatMoney(p.net)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </li>
  );
}

export default async function InvoicesPage(): Promise<ReactElement> {
  await requireViewer("/wallet/invoices");
  const list = dataOf(
    await (await api()).GET("/v1/contracts", { params: { query: { limit: 100 } } }),
    "/wallet/invoices",
  );
  const contracts = await hourlyContracts(list.items.map((c) => c.id));
  return (
    <>
      <p>
        <Link href="/wallet">← Wallet</Link>
      </p>
      <h1>Invoices</h1>
      <p className="ui-muted">
        Hourly contracts are billed for the time their workspaces run, week by week, up to the weekly cap.
      </p>
      {contracts.length === 0 ? (
        <EmptyState title="No hourly contracts.">
          <p>
            Contracts paid per hour show their billing here. Fixed-price contracts are paid per milestone: see
            each contract&apos;s <Link href="/contracts">payments</Link>.
          </p>
        </EmptyState>
      ) : (
        <ul className="money-list">
          {contracts.map((c) => (
            <Statement key={c.id} contract={c} />
          ))}
        </ul>
      )}
    </>
  );
}
