"use client";
import { useActionState, type ReactElement } from "react";
import { LinkButton, Notice, ProblemNotice, SubmitButton, type FormAction } from "../../../components/ui";
import { startWorkspace, stopWorkspace } from "./actions";
import type { WorkspaceActions } from "./workspace-state";

function StateButton(props: {
  action: FormAction;
  namespace: string;
  name: string;
  text: string;
  pending: string;
  variant: "primary" | "secondary";
}): ReactElement {
  const [state, action] = useActionState(props.action, {});
  return (
    <form action={action} className="ui-stack" style={{ gap: 8 }}>
      <input type="hidden" name="namespace" value={props.namespace} />
      <input type="hidden" name="name" value={props.name} />
      <div>
        <SubmitButton variant={props.variant} pending={props.pending}>
          {props.text}
        </SubmitButton>
      </div>
      {state.problem ? <ProblemNotice problem={state.problem} /> : null}
      {state.ok ? (
        <Notice tone="ok" live>
          {state.ok}
        </Notice>
      ) : null}
    </form>
  );
}

/** Start, Stop, Open (the owner) or Watch (a supervisor), as the workspace's state allows now. */
export function WorkspaceControls(props: {
  namespace: string;
  name: string;
  actions: WorkspaceActions;
  desktopHref: string;
  hint?: string;
}): ReactElement {
  const { actions, namespace, name } = props;
  return (
    <div className="ui-row" style={{ alignItems: "flex-start" }}>
      {props.hint ? (
        <p className="ui-muted" style={{ margin: 0 }}>
          {props.hint}
        </p>
      ) : null}
      {actions.open ? <LinkButton href={props.desktopHref}>Open</LinkButton> : null}
      {actions.watch ? <LinkButton href={props.desktopHref}>Watch</LinkButton> : null}
      {actions.start ? (
        <StateButton
          action={startWorkspace}
          namespace={namespace}
          name={name}
          text="Start"
          pending="Starting…"
          variant="primary"
        />
      ) : null}
      {actions.stop ? (
        <StateButton
          action={stopWorkspace}
          namespace={namespace}
          name={name}
          text="Stop"
          pending="Stopping…"
          variant="secondary"
        />
      ) : null}
    </div>
  );
}
