import Link from "next/link";
import type { ReactElement } from "react";

export type FacetOption = { key: string; label: string; count?: number; href: string; selected: boolean };

/** One filter of a search as links (each a shareable URL): the count of results, ticked when it applies. */
export function FacetGroup({
  title,
  options,
}: {
  title: string;
  options: FacetOption[];
}): ReactElement | null {
  const shown = options.filter((o) => o.selected || (o.count ?? 1) > 0);
  if (shown.length === 0) return null;
  return (
    <section className="mp-facet">
      <h3>{title}</h3>
      <ul className="mp-facets">
        {shown.map((o) => (
          <li key={o.key}>
            <Link href={o.href} aria-current={o.selected ? "true" : undefined} scroll={false}>
              <span className="mp-box" aria-hidden="true">
                {o.selected ? "✓" : ""}
              </span>
              <span className="mp-facet-label">
                {o.label}
                {o.selected ? <span className="visually-hidden"> (applied; select to remove)</span> : null}
              </span>
              {o.count !== undefined ? (
                <span className="mp-count">
                  {o.count}
                  <span className="visually-hidden"> results</span>
                </span>
              ) : null}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The filters that apply, each removable, and a way to clear them all. */
export function AppliedFilters(props: {
  filters: { key: string; label: string; removeHref: string }[];
  clearHref: string;
}): ReactElement | null {
  if (props.filters.length === 0) return null;
  return (
    <div className="mp-applied">
      <h2 className="visually-hidden">Applied filters</h2>
      <ul className="mp-chips">
        {props.filters.map((f) => (
          <li key={f.key}>
            <Link href={f.removeHref} scroll={false}>
              {f.label} <span aria-hidden="true">×</span>
              <span className="visually-hidden"> (remove this filter)</span>
            </Link>
          </li>
        ))}
      </ul>
      <Link href={props.clearHref}>Clear all filters</Link>
    </div>
  );
}
