"use client";
import { useActionState, type KeyboardEvent, type ReactElement } from "react";
import { ProblemNotice, SubmitButton, TextAreaField } from "../ui";
import { sendMessage, type SendState } from "./actions";
import styles from "./conversation.module.css";

function sendOnCtrlEnter(event: KeyboardEvent<HTMLTextAreaElement>): void {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }
}

/** The message box. A failed send keeps the text; a sent one clears it. */
export function Composer({ conversationId }: { conversationId: string }): ReactElement {
  const [state, action] = useActionState<SendState, FormData>(sendMessage, {});
  return (
    <form action={action} aria-label="Send a message" noValidate>
      {state.problem ? <ProblemNotice problem={state.problem} /> : null}
      <input type="hidden" name="conversationId" value={conversationId} />
      <TextAreaField
        key={state.sent ?? 0}
        name="body"
        label="Message"
        hint="Plain text. Ctrl+Enter sends."
        problem={state.problem}
        defaultValue={state.draft ?? ""}
        maxLength={10000}
        rows={3}
        onKeyDown={sendOnCtrlEnter}
      />
      <div className={styles.composerActions}>
        <SubmitButton pending="Sending…">Send</SubmitButton>
      </div>
    </form>
  );
}
