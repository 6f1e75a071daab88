import type { ReactElement } from "react";
import { formatDate } from "../../../../lib/dates";
import { formatMoney } from "../../../../lib/money";
import { TableRegion } from "../../contracts/_components/table-region";
import type { InvoiceLine } from "./hourly-contracts";

/** Hours as a person reads them: 2,700 minutes is "45 h", 90 is "1 h 30 min". */
export function hoursOf(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** An hourly contract's statement per week: the time its workspaces ran, what was billed, and the amount. */
export function WeeklyStatements({ title, weeks }: { title: string; weeks: InvoiceLine[] }): ReactElement {
  if (weeks.length === 0) return <p className="money-step">No week has been metered yet.</p>;
  return (
    <TableRegion label={`Weekly statements of ${title}`} style={{ marginTop: 12 }}>
      <table className="ui-table">
        <caption className="visually-hidden">Weekly statements of {title}</caption>
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th scope="col">Workspace time</th>
            <th scope="col">Billed</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.weekStart}>
              <th scope="row">{formatDate(w.weekStart)}</th>
              <td>{hoursOf(w.meteredMinutes)}</td>
              <td>
                {hoursOf(w.billableMinutes)}
                {w.capped ? " (weekly cap reached)" : ""}
              </td>
              <td className="money-amount">{formatMoney(w.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
