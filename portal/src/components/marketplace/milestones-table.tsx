import type { ReactElement } from "react";
import { formatDate } from "../../lib/dates";
import { formatMoney, type Money } from "../../lib/money";

type Milestone = { position: number; title: string; amount: Money; dueAt: string | null };

/** Milestones as a table: what is delivered, for how much, by when. */
export function MilestonesTable(props: {
  milestones: Milestone[];
  caption?: string;
  total?: Money;
}): ReactElement {
  if (props.milestones.length === 0) return <p className="ui-muted">No milestones.</p>;
  return (
    <div className="ui-table-wrap">
      <table className="ui-table">
        <caption className="visually-hidden">{props.caption ?? "Milestones"}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Milestone</th>
            <th scope="col">Amount</th>
            <th scope="col">Due</th>
          </tr>
        </thead>
        <tbody>
          {props.milestones.map((m, i) => (
            <tr key={m.position}>
              <td>{i + 1}</td>
              <td>{m.title}</td>
              <td>{formatMoney(m.amount)}</td>
              <td>{m.dueAt ? formatDate(m.dueAt) : "No date"}</td>
            </tr>
          ))}
        </tbody>
        {props.total ? (
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td colSpan={2}>
                <strong>{formatMoney(props.total)}</strong>
              </td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
