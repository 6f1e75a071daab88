import type { ReactElement } from "react";
import { BarChart, EmptyState, TabLinks } from "../../../components/ui";
import { formatMoney } from "../../../lib/money";
import { paidOutBars, paidOutCurrencies, type Period } from "./earnings";
import type { Transaction } from "./wallet-data";

function CurrencyChart(props: {
  currency: string;
  transactions: Transaction[];
  period: Period;
  now: Date;
}): ReactElement {
  const { currency, period } = props;
  const bars = paidOutBars(props.transactions, { currency, period, now: props.now, count: 12 });
  const total = bars.reduce((sum, b) => sum + b.value, 0);
  const format = (v: number): string => formatMoney({ amountMinor: v, currency });
  return (
    <>
      <BarChart
        title={`Paid out per ${period} (${currency}), last 12`}
        unit={currency}
        bars={bars}
        format={format}
      />
      <p className="money-chart-legend" aria-hidden="true">
        <span>{bars[0]?.label}</span>
        <span>
          {format(total)} in {period === "week" ? "12 weeks" : "12 months"}
        </span>
        <span>{bars.at(-1)?.label}</span>
      </p>
    </>
  );
}

/** A freelancer's earnings: what was paid out to them per week or month (12 of each), per currency. */
export function EarningsChart(props: {
  transactions: Transaction[];
  period: Period;
  now: Date;
}): ReactElement {
  const currencies = paidOutCurrencies(props.transactions);
  return (
    <section className="ui-card">
      <div className="money-head">
        <h2>Earnings</h2>
        <TabLinks
          label="Earnings per"
          tabs={[
            { href: "/wallet", text: "Weekly", current: props.period === "week" },
            { href: "/wallet?period=month", text: "Monthly", current: props.period === "month" },
          ]}
        />
      </div>
      {currencies.length === 0 ? (
        <EmptyState title="Nothing paid out yet.">
          <p>When a client approves your work, its payout shows here week by week.</p>
        </EmptyState>
      ) : (
        currencies.map((currency) => <CurrencyChart key={currency} currency={currency} {...props} />)
      )}
    </section>
  );
}
