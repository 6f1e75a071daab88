"use client";
import { Fragment, useActionState, type ReactElement } from "react";
import { Notice, ProblemNotice, SubmitButton } from "../../../../components/ui";
import { savePreferences } from "./actions";
import styles from "./preferences.module.css";
import { fieldName, groupedPreferences, kindWords, type Channel, type Preference } from "./preference-kinds";

const channelWords: Record<Channel, string> = { inApp: "in the app", email: "by email" };

function Box(props: { p: Preference; channel: Channel }): ReactElement {
  return (
    <input
      type="checkbox"
      name={fieldName(props.p.kind, props.channel)}
      defaultChecked={props.p[props.channel]}
      aria-label={`${kindWords(props.p.kind).label}: ${channelWords[props.channel]}`}
    />
  );
}

function PreferencesTable({ preferences }: { preferences: Preference[] }): ReactElement {
  return (
    <div className="ui-table-wrap">
      <table className={`ui-table ${styles.table}`}>
        <caption className="visually-hidden">Which notifications reach you, and how</caption>
        <thead>
          <tr>
            <th scope="col">Notify me when…</th>
            <th scope="col">In the app</th>
            <th scope="col">By email</th>
          </tr>
        </thead>
        <tbody>
          {groupedPreferences(preferences).map(({ group, items }) => (
            <Fragment key={group}>
              <tr>
                <th scope="colgroup" colSpan={3}>
                  {group}
                </th>
              </tr>
              {items.map((p) => (
                <tr key={p.kind}>
                  <th scope="row">{kindWords(p.kind).label}</th>
                  <td>
                    <Box p={p} channel="inApp" />
                  </td>
                  <td>
                    <Box p={p} channel="email" />
                  </td>
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Two checkboxes per kind (in the app, by email), grouped. The table is keyed by what the API holds, so after
 * a save (and the form reset React does after an action) it shows the saved choices.
 */
export function PreferencesForm({ preferences }: { preferences: Preference[] }): ReactElement {
  const [state, action] = useActionState(savePreferences, {});
  return (
    <form action={action} aria-label="Notification preferences">
      {state.problem ? <ProblemNotice problem={state.problem} /> : null}
      {state.ok ? (
        <Notice tone="ok" live>
          {state.ok}
        </Notice>
      ) : null}
      <input type="hidden" name="kinds" value={preferences.map((p) => p.kind).join(",")} />
      <PreferencesTable key={JSON.stringify(preferences)} preferences={preferences} />
      <div style={{ marginTop: 16 }}>
        <SubmitButton pending="Saving…">Save preferences</SubmitButton>
      </div>
    </form>
  );
}
