"use client";
import { useActionState, type ReactElement } from "react";
import {
  ActionForm,
  Badge,
  Button,
  Notice,
  ProblemNotice,
  SubmitButton,
  TextField,
} from "../../../../components/ui";
import {
  confirmMfaEnrolment,
  startMfaEnrolment,
  turnOffMfa,
  type EnrolmentState,
  type RecoveryState,
} from "./actions";
import { groupedSecret } from "./security-words";

function CodeField({ problem }: { problem: Parameters<typeof TextField>[0]["problem"] }): ReactElement {
  return (
    <TextField
      name="code"
      label="6-digit code"
      hint="The code your authenticator app shows for SkillPod now."
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
      required
      problem={problem}
    />
  );
}

/** Shown once, right after two-step sign-in is turned on: the API keeps only their hashes. */
function RecoveryCodes({ codes }: { codes: string[] }): ReactElement {
  return (
    <section aria-labelledby="recovery-heading">
      <Notice tone="ok" title="Two-step sign-in is on." live>
        From now on, signing in asks for a code from your authenticator app.
      </Notice>
      <h3 id="recovery-heading">Your recovery codes</h3>
      <p>
        <strong>Save these now: they are shown only once.</strong> Each one signs you in once if you lose your
        authenticator. Keep them somewhere safe, away from your password.
      </p>
      <ol className="settings-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <a href="/settings/security" className="ui-button">
        I have saved my recovery codes
      </a>
    </section>
  );
}

type Confirm = { state: RecoveryState; action: (form: FormData) => void };

/** Step two: the key to add to the app, and the code that proves the app has it. */
function ConfirmStep(props: {
  enrolment: Required<Omit<EnrolmentState, "problem">>;
  confirm: Confirm;
}): ReactElement {
  const { state, action } = props.confirm;
  return (
    <form action={action} aria-label="Confirm two-step sign-in" noValidate>
      {state.problem ? <ProblemNotice problem={state.problem} /> : null}
      <ol className="settings-steps">
        <li>
          In your authenticator app, add an account with this key (or, where your app opens setup links, the
          link):
          <dl className="settings-setup">
            <dt>Setup key</dt>
            <dd className="settings-secret">{groupedSecret(props.enrolment.secret)}</dd>
            <dt>Setup link</dt>
            <dd className="settings-secret">{props.enrolment.otpauthUri}</dd>
          </dl>
        </li>
        <li>
          Enter the code the app now shows for SkillPod.
          <CodeField problem={state.problem} />
        </li>
      </ol>
      <SubmitButton pending="Checking…">Turn on two-step sign-in</SubmitButton>
    </form>
  );
}

/** Setting it up: a key, then a code from it, then the recovery codes (once). */
function MfaEnrolment(props: { confirm: Confirm }): ReactElement {
  const [enrolment, start, starting] = useActionState<EnrolmentState>(startMfaEnrolment, {});
  const { secret, otpauthUri } = enrolment;
  const codes = props.confirm.state.recoveryCodes;
  if (codes) return <RecoveryCodes codes={codes} />;
  return (
    <>
      {enrolment.problem ? <ProblemNotice problem={enrolment.problem} /> : null}
      {secret && otpauthUri ? (
        <ConfirmStep enrolment={{ secret, otpauthUri }} confirm={props.confirm} />
      ) : null}
      <form action={start}>
        <Button type="submit" variant={secret ? "ghost" : "primary"} disabled={starting}>
          {secret ? "Start again with a new key" : "Set up two-step sign-in"}
        </Button>
      </form>
    </>
  );
}

function MfaDisable(): ReactElement {
  return (
    <>
      <p>To turn it off, confirm with a code from your app.</p>
      <ActionForm action={turnOffMfa} label="Turn off two-step sign-in">
        {(problem) => (
          <>
            <CodeField problem={problem} />
            <SubmitButton variant="danger" pending="Turning off…">
              Turn off two-step sign-in
            </SubmitButton>
          </>
        )}
      </ActionForm>
    </>
  );
}

/** The two-step sign-in card's body: whether it is on (also just now), and the way to change that. */
export function MfaSection({ enabled }: { enabled: boolean }): ReactElement {
  const [state, action] = useActionState<RecoveryState, FormData>(confirmMfaEnrolment, {});
  const on = enabled || state.recoveryCodes !== undefined;
  return (
    <>
      <p>
        {on ? <Badge tone="ok">On</Badge> : <Badge>Off</Badge>}{" "}
        {on
          ? "Signing in needs your password and a code from your authenticator app (or a recovery code)."
          : "Add a code from an authenticator app to your password, so that a password alone cannot sign in."}
      </p>
      {enabled ? <MfaDisable /> : <MfaEnrolment confirm={{ state, action }} />}
    </>
  );
}
