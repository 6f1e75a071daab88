"use client";
import { useActionState, type ReactElement } from "react";
import { Notice, ProblemNotice, SubmitButton } from "../../../components/ui";
import { markAllNotificationsRead, markNotificationRead } from "./actions";

export function MarkReadButton({ id }: { id: string }): ReactElement {
  const [state, action] = useActionState(markNotificationRead, {});
  return (
    <form action={action}>
      <input type="hidden" name="notificationId" value={id} />
      <SubmitButton variant="secondary" pending="Marking…">
        Mark read
      </SubmitButton>
      {state.problem ? <ProblemNotice problem={state.problem} /> : null}
    </form>
  );
}

export function MarkAllReadButton(): ReactElement {
  const [state, action] = useActionState(markAllNotificationsRead, {});
  return (
    <form action={action}>
      <SubmitButton variant="secondary" pending="Marking…">
        Mark all read
      </SubmitButton>
      {state.problem ? <ProblemNotice problem={state.problem} /> : null}
      {state.ok ? (
        <Notice tone="ok" live>
          {state.ok}
        </Notice>
      ) : null}
    </form>
  );
}
