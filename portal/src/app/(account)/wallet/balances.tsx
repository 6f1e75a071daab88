import type { ReactElement } from "react";
import { formatMoney } from "../../../lib/money";
import type { Balance } from "./wallet-data";

/** One card per currency: what can be spent, what sits in escrow, what is owed to the user, what left. */
export function Balances({ balances }: { balances: Balance[] }): ReactElement {
  return (
    <ul className="money-list">
      {balances.map((b) => (
        <li key={b.currency} className="ui-card">
          <h3>{b.currency}</h3>
          <dl className="money-facts">
            <div>
              <dt>Available</dt>
              <dd className="money-amount">{formatMoney(b.available)}</dd>
            </div>
            <div>
              <dt>In escrow</dt>
              <dd className="money-amount">{formatMoney(b.inEscrow)}</dd>
            </div>
            <div>
              <dt>Payable to you</dt>
              <dd className="money-amount">{formatMoney(b.payable)}</dd>
            </div>
            <div>
              <dt>Paid out</dt>
              <dd className="money-amount">{formatMoney(b.paidOut)}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}
