import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { Card, Notice } from "../../../components/ui";
import { api, dataOf } from "../../../server/api";
import { hasRole, requireViewer, type Viewer } from "../../../server/viewer";
import { AccountForm } from "./account-form";
import { ClientProfileForm, type ClientProfile } from "./client-profile-form";
import { FreelancerProfileForm } from "./freelancer-profile-form";
import { SettingsTabs } from "./settings-tabs";
import "./settings.css";

export const metadata: Metadata = { title: "Settings" };

type Read<T> = { data?: T; error?: unknown; response: Response };

/** A profile the API answers 404 for until it is first saved: undefined then, not the page's not-found. */
function unlessMissing<T>(result: Read<T>): T | undefined {
  return result.response.status === 404 ? undefined : dataOf(result, "/settings");
}

async function freelancerCard(): Promise<ReactElement> {
  const profile = unlessMissing(await (await api()).GET("/v1/me/freelancer-profile"));
  const missing = profile?.completeness.missing ?? [];
  return (
    <Card title="Freelancer profile">
      {profile ? (
        <p>
          Clients see it at <Link href={`/freelancers/${profile.handle}`}>/freelancers/{profile.handle}</Link>
          . It is {profile.completeness.score}% complete.
        </p>
      ) : (
        <Notice title="You have no freelancer profile yet.">
          Create one so that clients find you in search and see your skills and rate.
        </Notice>
      )}
      {missing.length > 0 ? (
        <Notice tone="warn" title="To complete it:">
          <ul>
            {missing.map((m) => (
              <li key={m.field}>{m.message}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <FreelancerProfileForm profile={profile} />
    </Card>
  );
}

async function clientCard(): Promise<ReactElement> {
  const profile: ClientProfile | undefined = unlessMissing(await (await api()).GET("/v1/me/client-profile"));
  return (
    <Card title="Client profile">
      <p className="ui-muted">What freelancers see of you on your jobs and offers.</p>
      <ClientProfileForm profile={profile} />
    </Card>
  );
}

function AccountCard({ viewer }: { viewer: Viewer }): ReactElement {
  return (
    <Card title="Account">
      <dl className="settings-facts">
        <div>
          <dt>Email</dt>
          <dd>{viewer.email}</dd>
        </div>
        <div>
          <dt>Roles</dt>
          <dd>{viewer.roles.join(", ")}</dd>
        </div>
      </dl>
      <AccountForm displayName={viewer.displayName} />
    </Card>
  );
}

export default async function SettingsPage(): Promise<ReactElement> {
  const viewer = await requireViewer("/settings");
  const [freelancer, client] = await Promise.all([
    hasRole(viewer, "freelancer") ? freelancerCard() : undefined,
    hasRole(viewer, "client") ? clientCard() : undefined,
  ]);
  return (
    <div className="settings-page">
      <h1>Settings</h1>
      <SettingsTabs current="/settings" />
      <AccountCard viewer={viewer} />
      {freelancer}
      {client}
    </div>
  );
}
