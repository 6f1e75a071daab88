import Link from "next/link";
import type { ReactElement } from "react";
import type { FormAction } from "../ui";
import { currentViewer } from "../../server/viewer";
import { SaveSearchForm } from "./save-search-form";

/** "Save this search" for a signed-in person; others are asked to sign in and come back to this search. */
export async function SaveSearch(props: {
  href: string;
  action: FormAction;
  suggestedName: string;
}): Promise<ReactElement> {
  const viewer = await currentViewer();
  if (!viewer)
    return (
      <p className="ui-muted">
        <Link href={`/sign-in?next=${encodeURIComponent(props.href)}`}>Sign in</Link> to save this search and
        see what is new in it later.
      </p>
    );
  return (
    <details className="mp-details">
      <summary>Save this search</summary>
      <p className="ui-muted" style={{ margin: "4px 0 0" }}>
        Saved searches are listed under <Link href="/saved-searches">your saved searches</Link>, each with
        what is new since you last looked.
      </p>
      <SaveSearchForm
        action={props.action}
        search={props.href.split("?")[1] ?? ""}
        suggestedName={props.suggestedName}
      />
    </details>
  );
}
