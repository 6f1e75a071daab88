import type { ReactElement } from "react";
import { Badge } from "../../../../components/ui";
import { formatDate, formatDateTime } from "../../../../lib/dates";

export type DirectoryEntry = {
  id: string;
  email: string;
  displayName: string;
  accountType: string;
  roles: string[];
  mfaEnabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
};

const accountTypes: Record<string, string> = {
  FREELANCER: "Freelancer",
  CLIENT: "Client",
  COMPANY: "Company",
  AGENCY: "Agency",
};

function Row({ entry }: { entry: DirectoryEntry }): ReactElement {
  return (
    <tr>
      <th scope="row">
        {entry.displayName || "—"}
        <div className="admin-code ui-muted">{entry.id}</div>
      </th>
      <td>{entry.email}</td>
      <td>{accountTypes[entry.accountType] ?? entry.accountType}</td>
      <td>{entry.roles.length > 0 ? entry.roles.join(", ") : "—"}</td>
      <td>{entry.mfaEnabled ? <Badge tone="ok">On</Badge> : <Badge>Off</Badge>}</td>
      <td>
        {entry.lockedUntil ? (
          <Badge tone="danger">Locked until {formatDateTime(entry.lockedUntil)}</Badge>
        ) : (
          "Can sign in"
        )}
      </td>
      <td>{formatDate(entry.createdAt)}</td>
    </tr>
  );
}

export function UsersTable({ entries }: { entries: DirectoryEntry[] }): ReactElement {
  return (
    // Focusable, so that a keyboard can scroll it sideways on a narrow screen.
    <div className="ui-table-wrap" role="region" aria-label="Accounts" tabIndex={0}>
      <table className="ui-table admin-table">
        <caption className="visually-hidden">Accounts, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Account type</th>
            <th scope="col">Roles</th>
            <th scope="col">Two-step sign-in</th>
            <th scope="col">Sign-in</th>
            <th scope="col">Joined</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <Row key={entry.id} entry={entry} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
