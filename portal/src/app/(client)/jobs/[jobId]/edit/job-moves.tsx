import type { ReactElement } from "react";
import { Notice } from "../../../../../components/ui";
import { ActionButton } from "../../../../../components/marketplace/action-button";
import type { Job } from "../../../../../components/marketplace/types";
import { moveJob } from "./actions";

const movesByState: Record<string, { move: string; text: string; variant: "primary" | "secondary" }[]> = {
  DRAFT: [{ move: "open", text: "Publish job", variant: "primary" }],
  OPEN: [
    { move: "close", text: "Close to new proposals", variant: "secondary" },
    { move: "fill", text: "Mark as filled", variant: "secondary" },
  ],
  CLOSED: [{ move: "reopen", text: "Reopen job", variant: "secondary" }],
  FILLED: [],
};

/** What the job's client may do with its state now: publish a draft, close, reopen, mark as filled. */
export function JobMoves({ job, from }: { job: Job; from: "edit" | "my-jobs" }): ReactElement | null {
  const moves = movesByState[job.state] ?? [];
  if (moves.length === 0) return null;
  return (
    <div className="mp-actions">
      {moves.map((m) => (
        <ActionButton
          key={m.move}
          action={moveJob}
          fields={{ jobId: job.id, move: m.move, back: from }}
          variant={m.variant}
        >
          {m.text}
        </ActionButton>
      ))}
    </div>
  );
}

const movedWords: Record<string, string> = {
  open: "Published: the job is open and searchable.",
  close: "Closed: the job takes no new proposals.",
  reopen: "Reopened: the job takes proposals again.",
  fill: "Marked as filled.",
};

/** What the last move did, after the page was shown again (?moved=…). */
export function JobMovedNotice({ moved }: { moved: unknown }): ReactElement | null {
  const words = typeof moved === "string" ? movedWords[moved] : undefined;
  return words ? (
    <Notice tone="ok" live>
      {words}
    </Notice>
  ) : null;
}
