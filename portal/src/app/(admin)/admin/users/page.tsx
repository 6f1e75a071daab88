import { Button, EmptyState, Pager, SelectField, TextField } from "../../../../components/ui";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { api, dataOf } from "../../../../server/api";
import { AdminTabs } from "../_components/admin-tabs";
import { NotForYourAccount } from "../_components/not-for-your-account";
import { staffViewer } from "../_components/staff";
import { directoryFiltersOf, directoryHref, directoryRoles, type DirectoryFilters } from "./users-query";
import { UsersTable } from "./users-table";

export const metadata: Metadata = { title: "Accounts" };

function Filters({ filters }: { filters: DirectoryFilters }): ReactElement {
  return (
    <form method="get" action="/admin/users" aria-label="Filter accounts">
      <div className="admin-filters">
        <SelectField
          name="role"
          label="Role"
          defaultValue={filters.role ?? ""}
          options={[["", "Any role"], ...directoryRoles.map((r): [string, string] => [r, r])]}
        />
        <TextField
          name="email"
          label="Email contains"
          type="search"
          defaultValue={filters.email ?? ""}
          autoComplete="off"
        />
      </div>
      <div className="admin-filter-actions">
        <Button type="submit">Show accounts</Button>
        <Link href="/admin/users">Clear filters</Link>
      </div>
    </form>
  );
}

export default async function UsersPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<ReactElement> {
  const filters = directoryFiltersOf(await props.searchParams);
  const viewer = await staffViewer(directoryHref(filters), "admin");
  if (!viewer) return <NotForYourAccount adminsOnly />;
  const page = dataOf(
    await (await api()).GET("/v1/admin/users", { params: { query: { ...filters, limit: 50 } } }),
    directoryHref(filters),
  );
  const { cursor, ...kept } = filters;
  return (
    <>
      <h1>Accounts</h1>
      <AdminTabs viewer={viewer} current="users" />
      <Filters filters={filters} />
      {page.items.length === 0 ? (
        <EmptyState title="No accounts match.">
          <p>Try another role, or fewer characters of the email.</p>
        </EmptyState>
      ) : (
        <UsersTable entries={page.items} />
      )}
      <Pager
        label="Account pages"
        {...(cursor ? { firstHref: directoryHref(kept) } : {})}
        {...(page.nextCursor ? { nextHref: directoryHref({ ...kept, cursor: page.nextCursor }) } : {})}
      />
    </>
  );
}
