import { Badge, EmptyState, Notice, Pager } from "../../../components/ui";
import Link from "next/link";
import type { Metadata } from "next";
import type { ReactElement } from "react";
import { ActionButton } from "../../../components/marketplace/action-button";
import { paramText, type SearchParams } from "../../../components/marketplace/search-params";
import type { SavedSearch } from "../../../components/marketplace/types";
import { formatDateTime } from "../../../lib/dates";
import { api, dataOf } from "../../../server/api";
import { requireViewer } from "../../../server/viewer";
import { deleteSavedSearch, openSavedSearch } from "./actions";
import { savedSearchHref, savedSearchSummary } from "./saved-search-links";

export const metadata: Metadata = { title: "Saved searches" };

function SavedSearchCard({ saved }: { saved: SavedSearch }): ReactElement {
  const fresh = saved.newSinceLastSeen;
  return (
    <article className="mp-card">
      <div className="mp-page-head" style={{ marginBottom: 4 }}>
        <h2 style={{ margin: 0, fontSize: "1.05rem" }}>
          <Link href={savedSearchHref(saved)}>{saved.name}</Link>
        </h2>
        {fresh > 0 ? (
          <Badge tone="accent">{fresh} new since you last looked</Badge>
        ) : (
          <Badge>Nothing new</Badge>
        )}
      </div>
      <p className="mp-meta">
        <span>{saved.kind === "FREELANCERS" ? "Freelancer search" : "Job search"}</span>
        <span>{savedSearchSummary(saved)}</span>
        <span>Last looked {formatDateTime(saved.lastSeenAt)}</span>
      </p>
      <div className="mp-actions">
        <ActionButton
          action={openSavedSearch}
          fields={{ savedSearchId: saved.id }}
          variant="secondary"
          pending="Opening…"
          about={saved.name}
        >
          {fresh > 0 ? "See what is new" : "Open"}
        </ActionButton>
        <ActionButton
          action={deleteSavedSearch}
          fields={{ savedSearchId: saved.id }}
          variant="ghost"
          pending="Deleting…"
          about={saved.name}
        >
          Delete
        </ActionButton>
      </div>
    </article>
  );
}

export default async function SavedSearchesPage(props: {
  searchParams: Promise<SearchParams>;
}): Promise<ReactElement> {
  await requireViewer("/saved-searches");
  const params = await props.searchParams;
  const cursor = paramText(params.cursor, 512) || undefined;
  const page = dataOf(
    await (await api()).GET("/v1/saved-searches", { params: { query: { cursor, limit: 20 } } }),
    "/saved-searches",
  );
  return (
    <>
      {params.deleted ? (
        <Notice tone="ok" live>
          Saved search deleted.
        </Notice>
      ) : null}
      <h1>Saved searches</h1>
      <p className="ui-muted">Each shows how many new results it has since you last opened it.</p>
      {page.items.length === 0 ? (
        <EmptyState title="No saved searches yet">
          <p>
            <Link href="/jobs">Search jobs</Link>, then choose “Save this search” to come back to it and see
            what is new.
          </p>
        </EmptyState>
      ) : (
        <ul className="mp-list">
          {page.items.map((s) => (
            <li key={s.id}>
              <SavedSearchCard saved={s} />
            </li>
          ))}
        </ul>
      )}
      <Pager
        firstHref={cursor ? "/saved-searches" : undefined}
        nextHref={
          page.nextCursor ? `/saved-searches?cursor=${encodeURIComponent(page.nextCursor)}` : undefined
        }
      />
    </>
  );
}
