"use client";
import type { ReactElement } from "react";

/** Any failure while rendering a page: said plainly, with a way to try again and a reference for support. */
export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}): ReactElement {
  return (
    <div className="ui-notice" data-tone="danger" role="alert">
      <h1>Something went wrong</h1>
      <p>
        This page could not be shown. Try again; if it keeps failing, quote reference {error.digest ?? "n/a"}.
      </p>
      <button type="button" className="ui-button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
