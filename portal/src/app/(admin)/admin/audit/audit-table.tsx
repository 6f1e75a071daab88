import type { ReactElement } from "react";
import { Badge, type Tone } from "../../../../components/ui";
import { formatDateTime } from "../../../../lib/dates";

export type AuditEvent = {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  outcome: string;
};

const outcomeTones: Record<string, Tone> = { success: "ok", denied: "warn", failure: "danger" };

function Row({ event, broken }: { event: AuditEvent; broken: boolean }): ReactElement {
  return (
    <tr aria-current={broken ? "true" : undefined} className={broken ? "admin-broken" : undefined}>
      <td>
        #{event.id}
        {broken ? (
          <>
            {" "}
            <Badge tone="danger">Broken link</Badge>
          </>
        ) : null}
      </td>
      <td>{formatDateTime(event.occurredAt)}</td>
      <td>
        {event.actorType}
        {event.actorId ? <div className="admin-code">{event.actorId}</div> : null}
      </td>
      <td className="admin-code">{event.action}</td>
      <td>
        {event.targetType ?? "—"}
        {event.targetId ? <div className="admin-code">{event.targetId}</div> : null}
      </td>
      <td>
        <Badge tone={outcomeTones[event.outcome] ?? "info"}>{event.outcome}</Badge>
      </td>
      <td className="admin-code">{event.ip ?? "—"}</td>
    </tr>
  );
}

/** One row per event, newest first; the first broken event (when a check found one) is marked. */
export function AuditTable(props: { events: AuditEvent[]; brokenEventId?: string }): ReactElement {
  return (
    // Focusable, so that a keyboard can scroll it sideways on a narrow screen.
    <div className="ui-table-wrap" role="region" aria-label="Audit events" tabIndex={0}>
      <table className="ui-table admin-table">
        <caption className="visually-hidden">Audit events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Object</th>
            <th scope="col">Outcome</th>
            <th scope="col">IP</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((event) => (
            <Row key={event.id} event={event} broken={event.id === props.brokenEventId} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
