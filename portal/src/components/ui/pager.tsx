import Link from "next/link";
import type { ReactElement } from "react";

/** Keyset pages: the API gives a cursor to the next page only, so the way back is to the first page. */
export function Pager(props: { firstHref?: string; nextHref?: string; label?: string }): ReactElement | null {
  if (!props.firstHref && !props.nextHref) return null;
  return (
    <nav aria-label={props.label ?? "Pages"} className="ui-pager">
      {props.firstHref ? (
        <Link href={props.firstHref} className="ui-button" data-variant="secondary">
          ← First page
        </Link>
      ) : null}
      {props.nextHref ? (
        <Link href={props.nextHref} className="ui-button" data-variant="secondary">
          Next page →
        </Link>
      ) : null}
    </nav>
  );
}
