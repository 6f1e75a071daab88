import type { Metadata } from "next";
import type { ReactElement } from "react";
import { EmptyState } from "../../../../components/ui";
import { api, dataOf } from "../../../../server/api";
import { requireViewer } from "../../../../server/viewer";
import { SettingsTabs } from "../settings-tabs";
import { PreferencesForm } from "./preferences-form";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage(): Promise<ReactElement> {
  const here = "/settings/notifications";
  await requireViewer(here);
  const { preferences } = dataOf(await (await api()).GET("/v1/notifications/preferences"), here);
  return (
    <>
      <h1>Notification settings</h1>
      <SettingsTabs current={here} />
      <p className="ui-muted">Choose what reaches you in the app and by email.</p>
      {preferences.length === 0 ? (
        <EmptyState title="Nothing to choose yet">
          <p>Notification kinds appear here once the platform offers them.</p>
        </EmptyState>
      ) : (
        <PreferencesForm preferences={preferences} />
      )}
    </>
  );
}
