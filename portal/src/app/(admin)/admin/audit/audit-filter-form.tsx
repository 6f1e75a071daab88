import Link from "next/link";
import type { ReactElement } from "react";
import type { Problem } from "../../../../api/problem";
import { Button, TextField } from "../../../../components/ui";
import { unreadableTimes, type AuditFilterValues } from "./audit-query";

/** The unreadable times as field messages, so each shows under its own field. */
function timeProblem(values: AuditFilterValues): Problem | undefined {
  const fields = unreadableTimes(values).map((field) => ({ field, message: "is not a date and time" }));
  return fields.length > 0
    ? { status: 400, code: "PORTAL_INVALID_TIME", message: "Some filters were not used.", fields }
    : undefined;
}

/** A plain GET form: the filters live in the URL, so a filtered view can be shared and reloaded. */
export function AuditFilterForm({ values }: { values: AuditFilterValues }): ReactElement {
  const problem = timeProblem(values);
  return (
    <form method="get" action="/admin/audit" aria-label="Filter audit events">
      <p className="ui-muted">
        Each filter matches exactly: the actor is a user&apos;s id or a service such as <code>platform</code>,
        the action a route such as <code>POST /v1/me/password</code> or an event such as{" "}
        <code>audit.export</code>, the object a type such as <code>contracts</code> and its id. Times are UTC.
      </p>
      <div className="admin-filters">
        <TextField name="actor" label="Actor" defaultValue={values.actor} />
        <TextField name="action" label="Action" defaultValue={values.action} />
        <TextField name="targetType" label="Object type" defaultValue={values.targetType} />
        <TextField name="targetId" label="Object id" defaultValue={values.targetId} />
        <TextField
          name="from"
          label="From (UTC)"
          type="datetime-local"
          defaultValue={values.from}
          problem={problem}
        />
        <TextField
          name="to"
          label="Until (UTC)"
          type="datetime-local"
          defaultValue={values.to}
          problem={problem}
        />
      </div>
      <div className="admin-filter-actions">
        <Button type="submit">Apply filters</Button>
        <Link href="/admin/audit">Clear filters</Link>
      </div>
    </form>
  );
}
