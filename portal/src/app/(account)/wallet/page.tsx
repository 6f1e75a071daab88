import { randomUUID } from "node:crypto";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { LiveRefresh } from "../../../components/live/live-provider";
import { EmptyState, LinkButton } from "../../../components/ui";
import { hasRole, requireViewer } from "../../../server/viewer";
import "../contracts/_components/money-pages.css";
import { Balances } from "./balances";
import { EarningsChart } from "./earnings-chart";
import { DepositForm, WithdrawalForm } from "./money-forms";
import { RequestStatus } from "./request-status";
import { TransactionTable } from "./transactions";
import {
  balancesOf,
  contractTitles,
  recentTransactions,
  transactionPage,
  type Balance,
  type TransactionPage,
} from "./wallet-data";
import { depositCurrencies } from "./wallet-words";

export const metadata: Metadata = { title: "Wallet" };

function MoneyMoves(props: { isClient: boolean; isFreelancer: boolean; balances: Balance[] }): ReactElement {
  const { isClient, isFreelancer, balances } = props;
  // A new key each render: a double submit is one deposit, the next deposit after this one is another.
  const key = randomUUID();
  const payable = balances.filter((b) => b.payable.amountMinor > 0).map((b) => b.currency);
  return (
    <>
      {isClient ? (
        <section className="ui-card">
          <h2>Add money</h2>
          <DepositForm
            idempotencyKey={`${key}-deposit`}
            currencies={depositCurrencies(balances.map((b) => b.currency))}
          />
        </section>
      ) : null}
      {isFreelancer ? (
        <section className="ui-card">
          <h2>Withdraw</h2>
          <p className="ui-muted">
            Approved work is paid out to you by itself. Money that stays payable (a payout that could not be
            made) can be withdrawn here.
          </p>
          {payable.length > 0 ? (
            <WithdrawalForm idempotencyKey={`${key}-withdrawal`} currencies={payable} />
          ) : (
            <p>Nothing is payable to you right now.</p>
          )}
        </section>
      ) : null}
    </>
  );
}

function Transactions(props: {
  page: TransactionPage;
  cursor: string | undefined;
  titles: Map<string, string>;
}): ReactElement {
  const { page } = props;
  const query = { cursor: props.cursor };
  return (
    <>
      <div className="money-head">
        <h2>Transactions</h2>
        <a href="/wallet/export" download>
          Export all as CSV
        </a>
      </div>
      {page.items.length === 0 ? (
        <EmptyState title={query.cursor ? "No older transactions." : "No transactions yet."} />
      ) : (
        <TransactionTable items={page.items} contractTitles={props.titles} />
      )}
      <div className="money-actions">
        {query.cursor ? (
          <LinkButton variant="secondary" href="/wallet">
            Newest transactions
          </LinkButton>
        ) : null}
        {page.nextCursor ? (
          <LinkButton variant="secondary" href={`/wallet?cursor=${encodeURIComponent(page.nextCursor)}`}>
            Older transactions
          </LinkButton>
        ) : null}
      </div>
    </>
  );
}

type Query = { cursor?: string; period?: string; deposit?: string; withdrawal?: string };

export default async function WalletPage(props: { searchParams: Promise<Query> }): Promise<ReactElement> {
  const viewer = await requireViewer("/wallet");
  const query = await props.searchParams;
  const isClient = hasRole(viewer, "client");
  const isFreelancer = hasRole(viewer, "freelancer");
  const [balances, page, titles, recent] = await Promise.all([
    balancesOf(),
    transactionPage(query.cursor, 25),
    contractTitles(),
    isFreelancer ? recentTransactions() : Promise.resolve([]),
  ]);
  return (
    <>
      <LiveRefresh types={["wallet.changed"]} />
      <div className="money-head">
        <h1 style={{ margin: 0 }}>Wallet</h1>
        <Link href="/wallet/invoices">Invoices for hourly contracts</Link>
      </div>
      {query.deposit ? <RequestStatus kind="deposit" id={query.deposit} /> : null}
      {query.withdrawal ? <RequestStatus kind="withdrawal" id={query.withdrawal} /> : null}
      <h2>Balances</h2>
      {balances.length === 0 ? (
        <EmptyState title="No money here yet.">
          <p>
            {isClient
              ? "Deposit money below, then fund a contract's milestones from it."
              : "Money you earn on contracts shows here once a client approves your work."}
          </p>
        </EmptyState>
      ) : (
        <Balances balances={balances} />
      )}
      <MoneyMoves isClient={isClient} isFreelancer={isFreelancer} balances={balances} />
      {isFreelancer ? (
        <EarningsChart
          transactions={recent}
          period={query.period === "month" ? "month" : "week"}
          now={new Date()}
        />
      ) : null}
      <Transactions page={page} cursor={query.cursor} titles={titles} />
    </>
  );
}
