// The account directory's filters as the URL holds them and the API takes them.

export const directoryRoles = ["freelancer", "client", "admin", "auditor"] as const;
export type DirectoryRole = (typeof directoryRoles)[number];

export type DirectoryFilters = { role?: DirectoryRole; email?: string; cursor?: string };

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined): string =>
  ((Array.isArray(value) ? value[0] : value) ?? "").trim();

/** The URL's filters; an unknown role or an empty email is no filter at all. */
export function directoryFiltersOf(search: SearchParams): DirectoryFilters {
  const role = first(search.role);
  const email = first(search.email).slice(0, 254);
  const cursor = first(search.cursor);
  return {
    ...(directoryRoles.includes(role as DirectoryRole) ? { role: role as DirectoryRole } : {}),
    ...(email ? { email } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** `/admin/users` with the filters (and a cursor when given). */
export function directoryHref(filters: DirectoryFilters): string {
  const params = new URLSearchParams();
  if (filters.role) params.set("role", filters.role);
  if (filters.email) params.set("email", filters.email);
  if (filters.cursor) params.set("cursor", filters.cursor);
  const text = params.toString();
  return text ? `/admin/users?${text}` : "/admin/users";
}
