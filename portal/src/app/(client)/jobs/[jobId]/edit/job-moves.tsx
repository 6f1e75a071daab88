import type { ReactElement } from "react";
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
export function JobMoves({ job }: { job: Job }): ReactElement | null {
  const moves = movesByState[job.state] ?? [];
  if (moves.length === 0) return null;
  return (
    <div className="mp-actions">
      {moves.map((m) => (
        <ActionButton
          key={m.move}
          action={moveJob}
          fields={{ jobId: job.id, move: m.move }}
          variant={m.variant}
        >
          {m.text}
        </ActionButton>
      ))}
    </div>
  );
}
