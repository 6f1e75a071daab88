import type { ReactElement, ReactNode } from "react";
import type { Problem } from "../../api/problem";

export type Tone = "info" | "ok" | "warn" | "danger" | "accent";

export function Notice(props: {
  tone?: Tone;
  title?: string;
  children?: ReactNode;
  live?: boolean;
}): ReactElement {
  return (
    <div className="ui-notice" data-tone={props.tone ?? "info"} role={props.live ? "status" : undefined}>
      {props.title ? <strong>{props.title}</strong> : null}
      {props.children ? <div>{props.children}</div> : null}
    </div>
  );
}

/** An API problem in words, with each refused field named. */
export function ProblemNotice({ problem }: { problem: Problem }): ReactElement {
  return (
    <div className="ui-notice" data-tone="danger" role="alert">
      <strong>{problem.message}</strong>
      {problem.fields.length > 0 ? (
        <ul>
          {problem.fields.map((f) => (
            <li key={f.field}>
              {f.field}: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function EmptyState(props: { title: string; children?: ReactNode }): ReactElement {
  return (
    <div className="ui-empty">
      <p>
        <strong>{props.title}</strong>
      </p>
      {props.children}
    </div>
  );
}

export function Skeleton({ lines = 3, label = "Loading" }: { lines?: number; label?: string }): ReactElement {
  return (
    <div role="status" aria-live="polite">
      <span className="visually-hidden">{label}…</span>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="ui-skeleton" style={{ width: `${90 - i * 12}%` }} />
      ))}
    </div>
  );
}

export function Badge(props: { tone?: Tone; children: ReactNode }): ReactElement {
  return (
    <span className="ui-badge" data-tone={props.tone ?? "info"}>
      {props.children}
    </span>
  );
}

export function Card(props: { title?: string; children: ReactNode; headingLevel?: 2 | 3 }): ReactElement {
  const Heading = props.headingLevel === 3 ? "h3" : "h2";
  return (
    <section className="ui-card">
      {props.title ? <Heading>{props.title}</Heading> : null}
      {props.children}
    </section>
  );
}
