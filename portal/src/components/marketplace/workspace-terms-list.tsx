import type { ReactElement } from "react";
import type { WorkspaceTerms } from "./types";
import { workspaceTermsInWords } from "./workspace-terms";

/** The desktop's terms as a definition list: "Clipboard: paste into the desktop only; …". */
export function WorkspaceTermsList({ terms }: { terms: WorkspaceTerms }): ReactElement {
  return (
    <dl className="mp-terms">
      {workspaceTermsInWords(terms).map((t) => (
        <div key={t.term}>
          <dt>{t.term}</dt>
          <dd>{t.text}</dd>
        </div>
      ))}
    </dl>
  );
}
