import type { ReactElement } from "react";

export type Bar = { label: string; value: number };

/** A bar chart with a table beside it for screen readers (the bars alone say nothing to them). */
export function BarChart(props: {
  title: string;
  bars: Bar[];
  unit: string;
  format?: (v: number) => string;
}): ReactElement {
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const format = props.format ?? ((v: number): string => `${v} ${props.unit}`);
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>{props.title}</figcaption>
      <div className="ui-bars" aria-hidden="true">
        {props.bars.map((b) => (
          <div
            key={b.label}
            style={{ height: `${(b.value / max) * 100}%` }}
            title={`${b.label}: ${format(b.value)}`}
          />
        ))}
      </div>
      {/* A table ignores width: 1px, so the hiding box is a div around it (else it widens a narrow page). */}
      <div className="visually-hidden">
        <table>
          <caption>{props.title}</caption>
          <tbody>
            {props.bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td>{format(b.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
