import Link from "next/link";
import type { ReactElement } from "react";
import { formatDateTime } from "../../../lib/dates";
import { formatMoney } from "../../../lib/money";
import { kindOf } from "./wallet-words";
import { TableRegion } from "../contracts/_components/table-region";

type Transaction = {
  id: string;
  kind: string;
  account: string;
  amount: { amountMinor: number; currency: string };
  contractId: string | null;
  createdAt: string;
};

/** Ledger entries of the user's wallet and payable, newest first; money in is shown with a plus. */
export function TransactionTable(props: {
  items: Transaction[];
  contractTitles: Map<string, string>;
}): ReactElement {
  return (
    <TableRegion label="Wallet transactions">
      <table className="ui-table">
        <caption className="visually-hidden">Wallet transactions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Account</th>
            <th scope="col">Contract</th>
            <th scope="col" style={{ textAlign: "right" }}>
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((t) => (
            <tr key={t.id}>
              <td>{formatDateTime(t.createdAt)}</td>
              <th scope="row">{kindOf(t.kind)}</th>
              <td>{t.account === "wallet" ? "Wallet" : "Payable"}</td>
              <td>
                {t.contractId ? (
                  <Link href={`/contracts/${encodeURIComponent(t.contractId)}`}>
                    {props.contractTitles.get(t.contractId) ?? "Contract"}
                  </Link>
                ) : (
                  "—"
                )}
              </td>
              <td
                className={`money-amount${t.amount.amountMinor > 0 ? " money-in" : ""}`}
                style={{ textAlign: "right" }}
              >
                {t.amount.amountMinor > 0 ? "+" : ""}
                {formatMoney(t.amount)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
