import type { Metadata } from "next";
import type { ReactElement } from "react";
import { Card } from "../../../../components/ui";
import { requireViewer } from "../../../../server/viewer";
import { SettingsTabs } from "../settings-tabs";
import { MfaSection } from "./mfa-forms";
import { PasswordForm } from "./password-form";
import "../settings.css";

export const metadata: Metadata = { title: "Sign-in and security" };

export default async function SecurityPage(): Promise<ReactElement> {
  const viewer = await requireViewer("/settings/security");
  return (
    <div className="settings-page">
      <h1>Sign-in and security</h1>
      <SettingsTabs current="/settings/security" />
      <Card title="Password">
        <p className="ui-muted">
          Changing it signs you out everywhere else: on other browsers and devices, sign in again with the new
          password.
        </p>
        <PasswordForm email={viewer.email} />
      </Card>
      <Card title="Two-step sign-in">
        <MfaSection enabled={viewer.mfaEnabled} />
      </Card>
    </div>
  );
}
