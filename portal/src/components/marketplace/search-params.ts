// Reading a page's searchParams defensively (anything may be typed into a URL) and writing them back.

export type Param = string | string[] | undefined;
export type SearchParams = Record<string, Param>;

const first = (value: Param): string => (Array.isArray(value) ? (value[0] ?? "") : (value ?? ""));

/** A repeated (or comma-separated) parameter as a list without duplicates, limited to `allowed` if given. */
export function paramList<T extends string>(value: Param, allowed?: readonly T[], max = 20): T[] {
  const all = (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.split(","));
  const clean = all.map((v) => v.trim()).filter((v) => v && v.length <= 60);
  const kept = allowed ? clean.filter((v) => (allowed as readonly string[]).includes(v)) : clean;
  return [...new Set(kept)].slice(0, max) as T[];
}

export function paramOne<T extends string>(value: Param, allowed: readonly T[]): T | undefined {
  const text = first(value);
  return (allowed as readonly string[]).includes(text) ? (text as T) : undefined;
}

/** A whole number ≥ 0, or undefined. */
export function paramInt(value: Param): number | undefined {
  const text = first(value).trim();
  return /^\d{1,13}$/.test(text) ? Number(text) : undefined;
}

export function paramText(value: Param, max = 200): string {
  return first(value).trim().slice(0, max);
}

/** A query string from values, leaving out what is empty; lists become repeated parameters. */
export function queryStringOf(values: Record<string, string | number | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The list with `value` added, or removed when it is there. */
export function toggled<T extends string>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** URLSearchParams (a saved query string, a route's request) as a page's searchParams. */
export function searchParamsOf(params: URLSearchParams): SearchParams {
  const result: SearchParams = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    result[key] = all.length > 1 ? all : all[0];
  }
  return result;
}
