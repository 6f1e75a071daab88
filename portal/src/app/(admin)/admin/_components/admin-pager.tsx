import Link from "next/link";
import type { ReactElement } from "react";

/** Keyset pages: the API gives the next page's cursor only, so the way back is to the first page. */
export function AdminPager(props: {
  label: string;
  firstHref?: string;
  nextHref?: string;
}): ReactElement | null {
  if (!props.firstHref && !props.nextHref) return null;
  return (
    <nav aria-label={props.label} className="admin-pager">
      {props.firstHref ? (
        <Link href={props.firstHref} className="ui-button" data-variant="secondary">
          ← First page
        </Link>
      ) : (
        <span />
      )}
      {props.nextHref ? (
        <Link href={props.nextHref} className="ui-button" data-variant="secondary">
          Next page →
        </Link>
      ) : null}
    </nav>
  );
}
